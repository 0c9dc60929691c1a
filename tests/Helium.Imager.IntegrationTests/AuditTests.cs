using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Helium.Imager.Addressing;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.IntegrationTests.Transforms;
using Helium.Imager.Security;

namespace Helium.Imager.IntegrationTests;

/// <summary>The audit trail: who was served which object, with a DICOM instance's UIDs, kept apart from
/// the request log, which never shows the viewer or the UIDs (radosgw, the transform fixtures).</summary>
public sealed class AuditTests(TransformStore store) : IClassFixture<TransformStore>, IDisposable
{
    private const string SigningKey = "audit-signing-key-0123456789abcdef";
    private const string Ct = "dicom/CT_small.dcm";

    private readonly string _auditFile = Path.Combine(Path.GetTempPath(), $"helium-audit-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_auditFile);

    private Task<TestServer> StartAsync(params (string Key, string Value)[] more) =>
        store.StartServerAsync([("Security:SigningKey", SigningKey), ("Audit:Enabled", "true"), ("Audit:Path", _auditFile), .. more]);

    private string Signed(string file, string query)
    {
        var pairs = query.Split('&').Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1])).ToList();
        return StoreUnderTest.PathOf(store.Bucket, file) + "?" + new UrlSignature([SigningKey], TimeProvider.System).Sign(new ObjectAddress(store.Bucket, file), pairs, null);
    }

    private List<JsonElement> Records() =>
        File.Exists(_auditFile) ? File.ReadAllLines(_auditFile).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList() : [];

    /// <summary>The SOP Instance UID as dcmtk reads it from the fixture.</summary>
    private static string SopInstanceUid()
    {
        using var dump = Process.Start(new ProcessStartInfo("dcmdump", ["+P", "0008,0018", Fixture.Path(Ct)]) { RedirectStandardOutput = true })!;
        var line = dump.StandardOutput.ReadToEnd();
        dump.WaitForExit();
        return line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.IndexOf(']', StringComparison.Ordinal)];
    }

    [Fact]
    public async Task A_signed_url_naming_a_viewer_gives_one_record_with_the_viewer_and_the_instance_and_the_request_log_shows_neither()
    {
        var uid = SopInstanceUid();
        await using var server = await StartAsync();

        using var response = await server.Client.GetAsync(Signed(Ct, "w=64&sub=alice"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(Records());
        Assert.Equal("alice", record.GetProperty("sub").GetString());
        Assert.Equal(uid, record.GetProperty("sopInstanceUid").GetString());
        Assert.Equal((store.Bucket, Ct, "rendition", 200), (record.GetProperty("bucket").GetString(), record.GetProperty("key").GetString(), record.GetProperty("served").GetString(), record.GetProperty("status").GetInt32()));
        Assert.True(record.GetProperty("studyInstanceUid").GetString()!.Length > 0 && record.GetProperty("seriesInstanceUid").GetString()!.Length > 0);
        Assert.Equal(response.Content.Headers.ContentLength, record.GetProperty("bytes").GetInt64());

        var requestLines = server.Logs.Entries.Where(e => e.EventId == 40).Select(e => e.Message).ToList();
        Assert.Single(requestLines);
        Assert.DoesNotContain("alice", requestLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(uid, requestLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("CT_small", requestLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hits_from_memory_and_from_the_cache_bucket_name_the_instance_too()
    {
        var uid = SopInstanceUid();
        await using (var first = await StartAsync())
        {
            using var miss = await first.Client.GetAsync(Signed(Ct, "w=61&sub=bob"));
            using var hit = await first.Client.GetAsync(Signed(Ct, "w=61&sub=bob"));
            Assert.Equal("hit", hit.Headers.GetValues("X-Imager-Cache").Single());
        }

        await using (var second = await StartAsync(("Cache:MemoryBytes", "0")))
        {
            using var fromBucket = await second.Client.GetAsync(Signed(Ct, "w=61&sub=carol"));
            Assert.Equal("hit", fromBucket.Headers.GetValues("X-Imager-Cache").Single());
        }

        var records = Records();
        Assert.Equal(["bob", "bob", "carol"], records.Select(r => r.GetProperty("sub").GetString()));
        Assert.All(records, r => Assert.Equal(uid, r.GetProperty("sopInstanceUid").GetString()));
    }

    [Fact]
    public async Task A_pass_through_is_recorded_and_a_viewer_cannot_be_forged_or_given_unsigned()
    {
        await using var server = await StartAsync();

        using var passThrough = await server.Client.GetAsync(Signed(Ct, "sub=dave"));
        using var forged = await server.Client.GetAsync(Signed(Ct, "w=64&sub=alice").Replace("sub=alice", "sub=mallory", StringComparison.Ordinal));
        using var unsigned = await server.Client.GetAsync(StoreUnderTest.PathOf(store.Bucket, Ct) + "?sub=mallory");
        using var notFound = await server.Client.GetAsync(Signed("dicom/missing.dcm", "sub=dave"));

        Assert.Equal(HttpStatusCode.OK, passThrough.StatusCode);
        await ProblemAssert.IsProblemAsync(forged, HttpStatusCode.Forbidden, "signature-invalid");
        await ProblemAssert.IsProblemAsync(unsigned, HttpStatusCode.Forbidden, "signature-required");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        var record = Assert.Single(Records());
        Assert.Equal(("dave", "pass-through"), (record.GetProperty("sub").GetString(), record.GetProperty("served").GetString()));
        Assert.False(record.TryGetProperty("sopInstanceUid", out _));
    }

    [Fact]
    public async Task Without_signing_a_viewer_identity_is_refused_and_without_audit_nothing_is_written()
    {
        await using var server = await store.StartServerAsync();

        using var named = await server.Client.GetAsync(store.Url(Ct, "w=64&sub=alice"));
        using var plain = await server.Client.GetAsync(store.Url(Ct, "w=64"));

        await ProblemAssert.IsProblemAsync(named, HttpStatusCode.BadRequest, "invalid-query");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(File.Exists(_auditFile));
        Assert.DoesNotContain(server.Logs.Entries, e => e.EventId == 50);
    }
}
