using System.Net;
using System.Text.Json;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// The signing code in docs/signing (Python, Ruby, PHP, Go, C#) and the TypeScript package in
/// clients/typescript each sign every test vector in docs/signing/vectors.json and get its URL; a
/// running server, given the vectors' keys, accepts every vector's URL and refuses it with one
/// character of the signature changed. (SigningVectorTests checks the server's own signer.)
/// tests/run-all.sh installs the languages (Debian's python3, ruby, php-cli, golang-go, nodejs and
/// node-typescript).
/// </summary>
public sealed class SigningSnippetTests
{
    private static readonly string Signing = Path.Combine(Repository.Root, "docs/signing");
    private static readonly string Vectors = Path.Combine(Signing, "vectors.json");

    public static TheoryData<string, string[]> Snippets() => new()
    {
        { "python", ["python3", Path.Combine(Signing, "sign.py"), Vectors] },
        { "ruby", ["ruby", Path.Combine(Signing, "sign.rb"), Vectors] },
        { "php", ["php", Path.Combine(Signing, "sign.php"), Vectors] },
        { "go", ["go", "run", Path.Combine(Signing, "sign.go"), Vectors] },
        { "csharp", ["dotnet", "run", Path.Combine(Signing, "Sign.cs"), "--", Vectors] },
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task Each_snippet_signs_every_vector(string language, string[] command)
    {
        var (code, output) = await RunAsync(command);
        Assert.True(code == 0, output);
        Assert.Contains($"{language}: {VectorCount} of {VectorCount} vectors match", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_typescript_package_builds_and_signs_every_vector()
    {
        var package = Path.Combine(Repository.Root, "clients/typescript");
        var build = Directory.CreateTempSubdirectory("helium-ts-").FullName;
        try
        {
            // Built into a temporary folder, so that the test does not write into the checkout; the
            // tests import ../dist, so the package is copied there first.
            FolderCopy.Copy(package, build, "dist", "node_modules");
            var (compiled, compilerOutput) = await RunAsync(["tsc", "-p", build]);
            Assert.True(compiled == 0, compilerOutput);
            File.Copy(Vectors, Path.Combine(build, "vectors.json"));
            var (tested, testOutput) = await RunAsync(["node", "--test", Path.Combine(build, "test/sign.test.mjs"), Path.Combine(build, "test/url.test.mjs")], ("HELIUM_SIGNING_VECTORS", Path.Combine(build, "vectors.json")));
            Assert.True(tested == 0, testOutput);
            Assert.Contains("# fail 0", testOutput, StringComparison.Ordinal);
            Assert.Contains($"# pass {VectorCount + 6}", testOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(build, recursive: true);
        }
    }

    [Fact]
    public async Task The_server_accepts_every_vector_and_refuses_it_tampered()
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Vectors));
        var vectors = document.RootElement.EnumerateArray().ToList();
        var settings = new Dictionary<string, string?>();
        foreach (var (key, i) in vectors.Select(v => v.GetProperty("signingKey").GetString()!).Distinct().Select((key, i) => (key, i)))
        {
            settings[$"Security:SigningKeys:{i}"] = key;
        }

        await using var server = await ServerProcess.StartAsync(settings);
        var checkedOverHttp = 0;
        foreach (var vector in vectors)
        {
            var url = vector.GetProperty("url").GetString()!;
            using var accepted = await server.Client.GetAsync(url);
            Assert.True(accepted.StatusCode != HttpStatusCode.Forbidden, $"{vector.GetProperty("description").GetString()}: {url} answered 403 {await accepted.Content.ReadAsStringAsync()}");
            if (accepted.StatusCode == HttpStatusCode.BadRequest)
            {
                // Parameters the URL API refuses (a name twice, an unknown name) are refused before
                // the signature is read: those vectors show the canonical form's rules only.
                continue;
            }

            var tampered = url[..^1] + (url[^1] == 'A' ? 'B' : 'A');
            using var refused = await server.Client.GetAsync(tampered);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            checkedOverHttp++;
        }

        Assert.True(checkedOverHttp >= vectors.Count - 2, $"only {checkedOverHttp} of {vectors.Count} vectors were requests the server reads");
    }

    private static int VectorCount
    {
        get
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Vectors));
            return document.RootElement.GetArrayLength();
        }
    }

    /// <summary>In the checkout; Go needs a writable build cache.</summary>
    private static Task<(int Code, string Output)> RunAsync(string[] command, params (string Name, string Value)[] environment) =>
        ChildProcess.RunAsync(command, Repository.Root, [KeyValuePair.Create("GOCACHE", Path.Combine(Path.GetTempPath(), "helium-go-cache")), .. environment.Select(e => KeyValuePair.Create(e.Name, e.Value))]);
}
