using System.Net;
using System.Net.Http.Headers;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.PassThrough;

/// <summary>What a client sees of /{bucket}/{key} without parameters, whatever the store behind it.</summary>
public abstract class PassThroughContract<TStore>(TStore store) : IClassFixture<TStore> where TStore : StoreUnderTest
{
    protected TStore Store { get; } = store;

    protected HttpClient Client => Store.Server.Client;

    private string HelloPath => StoreUnderTest.PathOf(Store.Bucket, "hello.txt");

    [Fact]
    public async Task Get_returns_the_object_byte_for_byte_with_its_validators()
    {
        using var response = await Client.GetAsync(HelloPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StoreUnderTest.Hello, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1000, response.Content.Headers.ContentLength);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Contains("bytes", response.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Head_returns_the_headers_of_get_without_a_body()
    {
        using var get = await Client.GetAsync(HelloPath);
        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, HelloPath));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(1000, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.LastModified, head.Content.Headers.LastModified);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=10-19", 10, 19)]
    [InlineData("bytes=-5", 995, 999)]
    [InlineData("bytes=990-", 990, 999)]
    [InlineData("bytes=995-5000", 995, 999)]
    public async Task Range_returns_206_with_exactly_the_requested_bytes(string range, int first, int last)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, HelloPath);
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(first, last, 1000), response.Content.Headers.ContentRange);
        Assert.Equal(StoreUnderTest.Hello[first..(last + 1)], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Range_beyond_the_object_is_416()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, HelloPath);
        request.Headers.TryAddWithoutValidation("Range", "bytes=5000-6000");
        using var response = await Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "range-not-satisfiable");
    }

    [Fact]
    public async Task If_None_Match_with_the_current_etag_is_304_without_a_body()
    {
        using var first = await Client.GetAsync(HelloPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, HelloPath);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(0, HttpStatusCode.NotModified)]
    [InlineData(-1, HttpStatusCode.OK)]
    public async Task If_Modified_Since_is_304_unless_the_object_changed_after_it(int daysFromLastModified, HttpStatusCode expected)
    {
        using var first = await Client.GetAsync(HelloPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, HelloPath);
        request.Headers.IfModifiedSince = first.Content.Headers.LastModified!.Value.AddDays(daysFromLastModified);
        using var response = await Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task If_Match_with_another_etag_is_412_and_with_the_current_one_200()
    {
        using var first = await Client.GetAsync(HelloPath);

        using var mismatch = new HttpRequestMessage(HttpMethod.Get, HelloPath);
        mismatch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"not-the-etag\""));
        using var failed = await Client.SendAsync(mismatch);
        await ProblemAssert.IsProblemAsync(failed, HttpStatusCode.PreconditionFailed, "precondition-failed");

        using var match = new HttpRequestMessage(HttpMethod.Get, HelloPath);
        match.Headers.IfMatch.Add(first.Headers.ETag!);
        using var ok = await Client.SendAsync(match);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.SpecialKeyData), MemberType = typeof(StoreUnderTest))]
    public async Task Keys_with_special_characters_are_found(string key)
    {
        using var response = await Client.GetAsync(StoreUnderTest.PathOf(Store.Bucket, key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"content of {key}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_object_is_a_404_problem()
    {
        using var response = await Client.GetAsync(StoreUnderTest.PathOf(Store.Bucket, "no/such/object.jpg"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_bucket_that_is_not_allowed_is_403_even_though_it_exists()
    {
        using var response = await Client.GetAsync(StoreUnderTest.PathOf(Store.OtherBucket, "secret.txt"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "bucket-not-allowed");
    }

    [Theory]
    [InlineData("/{0}/")]
    [InlineData("/{0}")]
    public async Task A_bucket_listing_is_404(string pattern)
    {
        using var response = await Client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Store.Bucket));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task Methods_other_than_get_and_head_are_405(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), HelloPath) { Content = new ByteArrayContent([1, 2, 3]) };
        using var response = await Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/{0}/../{1}/secret.txt")]
    [InlineData("/{0}/..%2F{1}%2Fsecret.txt")]
    [InlineData("/{0}/%2e%2e/{1}/secret.txt")]
    [InlineData("/{0}/%2E%2E%2F{1}%2Fsecret.txt")]
    [InlineData("/{0}/./hello.txt")]
    [InlineData("/{0}%2F..%2F{1}/secret.txt")]
    [InlineData("/..%2F{1}/secret.txt")]
    [InlineData("/{0}/%2e%2e%5c{1}%5csecret.txt")]
    [InlineData("/{0}/%ff%fe.txt")]
    public async Task Traversal_attempts_are_refused_and_never_reach_another_bucket(string pattern)
    {
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Store.Bucket, Store.OtherBucket);
        using var response = await Client.SendAsync(RawRequests.Get(Store.Server.BaseAddress, path));

        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("not for you", body, StringComparison.Ordinal);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_nul_byte_in_the_path_is_rejected_by_the_http_parser()
    {
        using var response = await Client.SendAsync(RawRequests.Get(Store.Server.BaseAddress, $"/{Store.Bucket}/hello.txt%00.jpg"));

        // Kestrel refuses the request line before any middleware runs, so there is no problem body.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("abcdefghij", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_parameters_that_no_transform_knows_are_a_400_problem()
    {
        using var response = await Client.GetAsync(HelloPath + "?nonsense=1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-query");
    }

    [Fact]
    public async Task Health_and_readiness_answer_200()
    {
        using var health = await Client.GetAsync("/healthz");
        using var ready = await Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}

public sealed class FileSystemPassThroughTests(FileSystemStore store) : PassThroughContract<FileSystemStore>(store);

public sealed class S3PassThroughTests(S3Store store) : PassThroughContract<S3Store>(store)
{
    [Fact]
    public async Task The_clients_credentials_and_amz_headers_are_not_forwarded()
    {
        // A server of its own behind a relay that keeps what the store was sent.
        await using var relay = new CountingRelay(new Uri(Radosgw.Url));
        var settings = Radosgw.ServerSettings(Store.Bucket);
        settings["S3:ServiceUrl"] = relay.Url.AbsoluteUri;
        await using var server = await TestServer.StartAsync(settings);
        using var request = new HttpRequestMessage(HttpMethod.Get, StoreUnderTest.PathOf(Store.Bucket, "hello.txt"));
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=EVIL/20200101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");
        request.Headers.TryAddWithoutValidation("x-amz-security-token", "forged");
        request.Headers.TryAddWithoutValidation("x-amz-date", "20000101T000000Z");
        request.Headers.TryAddWithoutValidation("Cookie", "session=client-cookie");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase));
        var sent = relay.SentToTarget;
        Assert.Contains("GET /", sent, StringComparison.Ordinal);
        foreach (var forged in new[] { "EVIL", "forged", "20000101T000000Z", "client-cookie" })
        {
            Assert.DoesNotContain(forged, sent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_object_is_private_yet_readable_through_the_server()
    {
        using var anonymous = new HttpClient();
        using var direct = await anonymous.GetAsync($"{Radosgw.Url}/{Store.Bucket}/hello.txt");
        using var proxied = await Client.GetAsync(StoreUnderTest.PathOf(Store.Bucket, "hello.txt"));

        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
    }

    [Fact]
    public async Task Validators_and_type_are_the_stores_own()
    {
        var head = await Store.S3.GetObjectMetadataAsync(Store.Bucket, "hello.txt");
        using var response = await Client.GetAsync(StoreUnderTest.PathOf(Store.Bucket, "hello.txt"));

        Assert.Equal(head.ETag, response.Headers.ETag?.ToString());
        Assert.Equal(head.LastModified!.Value.ToUniversalTime(), response.Content.Headers.LastModified!.Value.UtcDateTime);
        Assert.Equal(head.Headers.ContentType, response.Content.Headers.ContentType?.ToString());
    }
}
