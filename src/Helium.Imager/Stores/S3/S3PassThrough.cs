using System.Net;
using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Helium.Imager.Stores.S3;

/// <summary>Streams objects from the S3 store through YARP's forwarder: the body is copied with pooled
/// buffers as it arrives, and the upstream read is cancelled when the client goes away.</summary>
internal sealed class S3PassThrough : IPassThrough
{
    private readonly IHttpForwarder _forwarder;
    private readonly S3RequestSigner _signer;
    private readonly ILogger<S3PassThrough> _logger;
    private readonly Uri _serviceUrl;
    private readonly HttpMessageInvoker _client;
    private readonly ForwarderRequestConfig _requestConfig;

    public S3PassThrough(IHttpForwarder forwarder, S3RequestSigner signer, S3Http http, IOptions<S3Options> options, ILogger<S3PassThrough> logger)
    {
        _forwarder = forwarder;
        _signer = signer;
        _logger = logger;
        _serviceUrl = http.ServiceUrl;
        _client = http.Client;
        _requestConfig = new ForwarderRequestConfig
        {
            ActivityTimeout = options.Value.Timeout,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    public async Task ServeAsync(HttpContext context, ObjectAddress address)
    {
        var transformer = new S3PassThroughTransformer(_serviceUrl, address, _signer);
        var error = await _forwarder.SendAsync(context, _serviceUrl.AbsoluteUri, _client, _requestConfig, transformer);
        if (error == ForwarderError.None)
        {
            return;
        }

        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        if (context.RequestAborted.IsCancellationRequested || error is ForwarderError.RequestCanceled or ForwarderError.ResponseBodyCanceled)
        {
            Log.PassThroughClientAborted(_logger, address.Bucket, error);
            return;
        }

        Log.PassThroughFailed(_logger, address.Bucket, error, exception?.GetType().Name ?? "none", exception?.Message ?? string.Empty);
        if (context.Response.HasStarted)
        {
            return; // Headers are out; the forwarder has already aborted the response, which is all we can do.
        }

        context.Response.Headers.Clear();
        var timedOut = error == ForwarderError.RequestTimedOut;
        await ProblemResponses.WriteAsync(
            context,
            timedOut ? ProblemType.StoreTimeout : ProblemType.StoreUnavailable,
            timedOut ? "The object store did not answer within S3:Timeout." : "The object store could not be reached.");
    }
}
