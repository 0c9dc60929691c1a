using System.Net;
using Helium.Imager.Addressing;
using Helium.Imager.Diagnostics;
using Helium.Imager.Problems;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Stores.S3;

/// <summary>Sources by plain signed HEAD and GET (<see cref="S3Http"/>): both are on the path of every
/// cold render, where the SDK's per-request cost showed (a 6 MB GET took 42–70 ms through it, 26 ms with
/// curl).</summary>
internal sealed class S3SourceStore(S3Http http, Amazon.S3.IAmazonS3 s3, HeliumMetrics metrics, IOptions<S3Options> options) : ISourceStore
{
    private readonly S3Options _options = options.Value;

    public async Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, address, cancellationToken);
        if (response is null)
        {
            return null;
        }

        // The header as the store sent it, quotes included (as the SDK gave it): renditions already in
        // the cache keep their keys.
        var etag = response.Headers.TryGetValues("ETag", out var values) ? values.First() : "";
        return new SourceVersion(etag, response.Content.Headers.ContentLength ?? 0);
    }

    /// <summary>A GET with If-Match: the version's ETag, so the bytes are that version's or none. A
    /// large object comes as several ranges at once (<see cref="ReadIntoAsync"/>).</summary>
    public async Task<SourceBytes?> ReadAsync(ObjectAddress address, SourceVersion version, long maxBytes, CancellationToken cancellationToken)
    {
        if (PartsOf(version.Length) > 1 && version.Length <= maxBytes)
        {
            return await SourceBytes.FillAsync(checked((int)version.Length), target => ReadIntoAsync(address, version, 0, target, cancellationToken));
        }

        using var response = await SendAsync(HttpMethod.Get, address, cancellationToken, request => request.Headers.TryAddWithoutValidation("If-Match", version.ETag));
        if (response is null)
        {
            return null;
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var bytes = await BoundedRead.ReadAllAsync(body, response.Content.Headers.ContentLength ?? -1, maxBytes, cancellationToken);
            metrics.StoreRead(StoreReadPurpose.Source, bytes.Length);
            return bytes;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Unavailable(e);
        }
    }

    /// <summary>GETs with Range and If-Match: one, or several at once for a large range (a frame of a
    /// large DICOM object read by range).</summary>
    public async Task<byte[]> ReadRangeAsync(ObjectAddress address, SourceVersion version, long offset, int count, CancellationToken cancellationToken)
    {
        if (count <= 0 || offset >= version.Length)
        {
            return [];
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)(Math.Min(offset + count, version.Length) - offset));
        return await ReadIntoAsync(address, version, offset, bytes, cancellationToken)
            ? bytes
            : throw SourceVersion.ChangedWhileRead(); // gone since its version was known
    }

    /// <summary>How many ranges a read of <paramref name="length"/> bytes is split into.</summary>
    private int PartsOf(long length) => (int)Math.Clamp(length / _options.ReadPartBytes, 1, _options.ReadParts);

    /// <summary>Fills <paramref name="target"/> from <paramref name="offset"/> of the version, as up to
    /// <see cref="S3Options.ReadParts"/> ranges read at once, each pinned to the version by If-Match (so
    /// no part can come from another version); false when the object is gone. The first failure stops
    /// the other reads.</summary>
    private async Task<bool> ReadIntoAsync(ObjectAddress address, SourceVersion version, long offset, Memory<byte> target, CancellationToken cancellationToken)
    {
        var parts = PartsOf(target.Length);
        if (parts == 1)
        {
            return await ReadRangeIntoAsync(address, version, offset, target, cancellationToken);
        }

        var size = (target.Length + parts - 1) / parts;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = Enumerable.Range(0, parts).Select(async part =>
        {
            try
            {
                var start = part * size;
                return await ReadRangeIntoAsync(address, version, offset + start, target.Slice(start, Math.Min(size, target.Length - start)), failed.Token);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }).ToArray();
        try
        {
            await Task.WhenAll(reads);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A sibling's failure cancelled this one: that failure is the answer.
            throw reads.Where(read => read.IsFaulted).Select(read => read.Exception!.InnerException!).First(e => e is not OperationCanceledException);
        }

        return reads.All(read => read.Result);
    }

    /// <summary>Fills <paramref name="target"/> from <paramref name="offset"/> of the version; false
    /// when the object is gone.</summary>
    private async Task<bool> ReadRangeIntoAsync(ObjectAddress address, SourceVersion version, long offset, Memory<byte> target, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, address, cancellationToken, request =>
        {
            request.Headers.TryAddWithoutValidation("If-Match", version.ETag);
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(offset, offset + target.Length - 1);
        });
        if (response is null)
        {
            return false;
        }

        if (response.StatusCode != HttpStatusCode.PartialContent || response.Content.Headers.ContentRange is not { From: { } from } || from != offset)
        {
            throw new ProblemException(ProblemType.StoreUnavailable, $"The object store answered {(int)response.StatusCode} without the range asked for.");
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await body.ReadExactlyAsync(target, cancellationToken);
            if (await body.ReadAsync(new byte[1], cancellationToken) > 0)
            {
                throw new ProblemException(ProblemType.StoreUnavailable, "The object store sent more than the range asked for.");
            }

            metrics.StoreRead(StoreReadPurpose.Source, target.Length);
            return true;
        }
        catch (EndOfStreamException e)
        {
            throw new ProblemException(ProblemType.StoreUnavailable, "The range ended before its length: the transfer was cut.", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Unavailable(e);
        }
    }

    /// <summary>By the SDK: listing is for <c>warm</c>, not on a request's path.</summary>
    public async IAsyncEnumerable<string> ListAsync(string bucket, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item.Key;
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <summary>The store's answer, or null for 404 (no such object, or no such bucket: the caller says
    /// what is missing); any other failure is a store-unavailable problem. A server error or a broken
    /// connection is tried once more, as the SDK did before (its MaxErrorRetry is 1).</summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpMethod method, ObjectAddress address, CancellationToken cancellationToken, Action<HttpRequestMessage>? prepare = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            metrics.StoreRequested();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(method, address, prepare, null, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException)
            {
                if (attempt == 1 && e is not TimeoutException)
                {
                    continue;
                }

                throw Unavailable(e);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            response.Dispose();
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (response.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                throw SourceVersion.ChangedWhileRead();
            }

            if (attempt == 1 && (int)response.StatusCode >= 500)
            {
                continue;
            }

            throw new ProblemException(ProblemType.StoreUnavailable, $"The object store answered {(int)response.StatusCode}.");
        }
    }

    private static ProblemException Unavailable(Exception e) => new(ProblemType.StoreUnavailable, "The object store could not be reached.", e);
}
