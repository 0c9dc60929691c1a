using System.Text.Json;
using Helium.Imager.Addressing;
using Helium.Imager.Security;
using Microsoft.AspNetCore.WebUtilities;

namespace Helium.Imager.UnitTests.Security;

/// <summary>
/// docs/signing/vectors.json, the test vectors every client snippet is checked against, agrees with
/// the server: its signer gives each vector's URL, and each URL, parsed as a request is, verifies
/// (the slash spelled %2F too). A change to the canonical form fails here before it breaks a client.
/// </summary>
public sealed class SigningVectorTests
{
    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Load())
        {
            data.Add(vector.GetProperty("description").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_server_signs_and_verifies_each_vector(string description)
    {
        var vector = Load().Single(v => v.GetProperty("description").GetString() == description);
        var signer = new UrlSignature([vector.GetProperty("signingKey").GetString()!], TimeProvider.System); // the vectors expire in 2100
        var address = new ObjectAddress(vector.GetProperty("bucket").GetString()!, vector.GetProperty("objectKey").GetString()!);
        var parameters = vector.GetProperty("params").EnumerateArray().Select(p => KeyValuePair.Create(p[0].GetString()!, p[1].GetString()!)).ToList();
        DateTimeOffset? expires = vector.GetProperty("expires").ValueKind == JsonValueKind.Null ? null : DateTimeOffset.FromUnixTimeSeconds(vector.GetProperty("expires").GetInt64());

        var url = $"/{address.Bucket}/{KeyEncoding.Encode(address.Key)}?{signer.Sign(address, parameters, expires)}";
        Assert.Equal(vector.GetProperty("url").GetString(), url);
        var canonical = url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..url.LastIndexOf("sig=", StringComparison.Ordinal)].TrimEnd('&');
        Assert.Equal(vector.GetProperty("stringToSign").GetString(), UrlSignature.StringToSign(address, canonical));

        Assert.Equal(SignatureCheck.Valid, VerifyAsRequested(signer, url));
        var keyStart = address.Bucket.Length + 2;
        var slashesSpelled = url[..keyStart] + url[keyStart..url.IndexOf('?', StringComparison.Ordinal)].Replace("/", "%2F", StringComparison.Ordinal) + url[url.IndexOf('?', StringComparison.Ordinal)..];
        Assert.Equal(SignatureCheck.Valid, VerifyAsRequested(signer, slashesSpelled));
        var tampered = url[..^1] + (url[^1] == 'A' ? 'B' : 'A');
        Assert.Equal(SignatureCheck.Invalid, VerifyAsRequested(signer, tampered));
    }

    [Fact]
    public void The_vectors_cover_what_clients_get_wrong()
    {
        var keys = Load().Select(v => v.GetProperty("objectKey").GetString()!).ToList();
        var values = Load().SelectMany(v => v.GetProperty("params").EnumerateArray().Select(p => p[1].GetString()!)).ToList();
        Assert.Contains(keys, key => key.Contains(' ', StringComparison.Ordinal));
        Assert.Contains(keys, key => key.Contains('+', StringComparison.Ordinal));
        Assert.Contains(keys, key => "!'()*".All(c => key.Contains(c, StringComparison.Ordinal)));
        Assert.Contains(keys, key => key.Any(c => c > 127));
        Assert.Contains(keys, key => key.Contains("%2F", StringComparison.Ordinal));
        Assert.Contains(values, value => value.Contains('&', StringComparison.Ordinal) && value.Contains('+', StringComparison.Ordinal));
        Assert.Contains(Load(), v => v.GetProperty("signingKey").GetString()!.Any(c => c > 127));
        Assert.Contains(Load(), v => v.GetProperty("expires").ValueKind == JsonValueKind.Number);
    }

    /// <summary>As the server reads a request: the path decoded once by the address parser, the query
    /// by ASP.NET Core.</summary>
    private static SignatureCheck VerifyAsRequested(UrlSignature signer, string url)
    {
        Assert.True(ObjectAddressParser.TryParse(url, out var address, out var error), error);
        var query = QueryPairs.From(QueryHelpers.ParseQuery(url[url.IndexOf('?', StringComparison.Ordinal)..]));
        return signer.Verify(address, query);
    }

    private static List<JsonElement> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs/signing/vectors.json")));
        return document.RootElement.EnumerateArray().Select(v => v.Clone()).ToList();
    }
}
