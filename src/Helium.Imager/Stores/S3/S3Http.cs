using System.Net;
using Helium.Imager.Addressing;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.S3;

/// <summary>
/// Plain HTTP/1.1 to the store, one connection pool, requests signed with SigV4 by
/// <see cref="S3RequestSigner"/>: what pass-through forwards over, and every object read or write on
/// the path of a request (source HEAD and GET, cache bucket GET and PUT). The AWS SDK's request
/// pipeline costs more per request than a thumbnail's bytes do: a hit read from the cache bucket
/// through it ran at 0.80 of pass-through (bench/cache-hits.sh), and a cold miss of a 128 × 128 CT
/// spent 3.5 ms in each of its SDK HEAD and GET against 2 ms for curl's.
/// </summary>
internal sealed class S3Http(S3RequestSigner signer, IOptions<S3Options> options) : IDisposable
{
    private readonly TimeSpan _timeout = options.Value.Timeout;

    public Uri ServiceUrl { get; } = options.Value.ServiceUri;

    public HttpMessageInvoker Client { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = options.Value.ConnectTimeout,
        ActivityHeadersPropagator = null,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>A signed GET, answered as soon as its headers arrive (the body streams).</summary>
    public Task<HttpResponseMessage> GetAsync(ObjectAddress address, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, address, null, null, cancellationToken);

    /// <summary>A signed request for one object. <paramref name="prepare"/> adds headers (x-amz-* ones
    /// are signed); <paramref name="body"/> is sent and its hash signed. S3:Timeout bounds the wait for
    /// the response's headers; the caller reads (and disposes) the rest.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, ObjectAddress address, Action<HttpRequestMessage>? prepare, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, S3ObjectUrl.For(ServiceUrl, address))
        {
            Version = HttpVersion.Version11,
            Content = body is null ? null : new ByteArrayContent(body),
        };
        prepare?.Invoke(request);
        signer.Sign(request, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await Client.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The store did not answer within S3:Timeout ({_timeout.TotalSeconds:0.#} s).", e);
        }
    }

    public void Dispose() => Client.Dispose();
}
