// Helium Imager URL signing in C# (the base class library only). Copy HeliumImagerUrls into your code.
//
//   HeliumImagerUrls.Sign("secret", "photos", "cat.jpg", [("w", "200")], expires: 1795000000)
//   // => "/photos/cat.jpg?expires=1795000000&w=200&sig=…"
//
// Uri.EscapeDataString is RFC 3986 on .NET Core and later (HttpUtility.UrlEncode writes a space as "+"
// and lower-case hex: not usable here). The server itself also signs: `Helium.Imager sign`.
//
// Run as a program (.NET 10), it checks itself against every test vector:
//   dotnet run docs/signing/Sign.cs -- docs/signing/vectors.json
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

var vectors = JsonDocument.Parse(File.ReadAllText(args[0])).RootElement.EnumerateArray().ToList();
var failed = 0;
foreach (var v in vectors)
{
    var parameters = v.GetProperty("params").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!)).ToList();
    long? expires = v.GetProperty("expires").ValueKind == JsonValueKind.Null ? null : v.GetProperty("expires").GetInt64();
    var got = HeliumImagerUrls.Sign(v.GetProperty("signingKey").GetString()!, v.GetProperty("bucket").GetString()!, v.GetProperty("objectKey").GetString()!, parameters, expires);
    if (got != v.GetProperty("url").GetString())
    {
        failed++;
        Console.WriteLine($"csharp: {v.GetProperty("description").GetString()}: got {got}, want {v.GetProperty("url").GetString()}");
    }
}

Console.WriteLine($"csharp: {vectors.Count - failed} of {vectors.Count} vectors match");
return failed == 0 ? 0 : 1;

internal static class HeliumImagerUrls
{
    /// <summary>The path and query to request: /bucket/key?canonical-query&amp;sig=…</summary>
    public static string Sign(string key, string bucket, string objectKey, IEnumerable<(string Name, string Value)> parameters, long? expires = null)
    {
        var pairs = parameters.Where(p => p.Name is not "sig" and not "expires").Select(p => (Name: Uri.EscapeDataString(p.Name), Value: Uri.EscapeDataString(p.Value))).ToList();
        if (expires is { } seconds)
        {
            pairs.Add(("expires", seconds.ToString(CultureInfo.InvariantCulture)));
        }

        var query = string.Join('&', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"));
        var path = $"/{bucket}/{string.Join('/', objectKey.Split('/').Select(Uri.EscapeDataString))}";
        var digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{path}?{query}"));
        var sig = Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{path}?{(query.Length == 0 ? "" : query + "&")}sig={sig}";
    }
}
