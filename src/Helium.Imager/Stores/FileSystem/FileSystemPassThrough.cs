using Helium.Imager.Addressing;
using Helium.Imager.Problems;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Helium.Imager.Stores.FileSystem;

/// <summary>Serves objects from a local folder whose sub-folders are buckets. Range, If-Match,
/// If-None-Match, If-Modified-Since, If-Unmodified-Since and If-Range are handled by ASP.NET Core's
/// file result (the same rules StaticFiles applies), not re-implemented here.</summary>
internal sealed class FileSystemPassThrough(FileSystemBuckets buckets, IContentTypeProvider contentTypes) : IPassThrough
{
    public async Task ServeAsync(HttpContext context, ObjectAddress address)
    {
        var file = buckets.Resolve(address);
        if (file is null)
        {
            await ProblemResponses.WriteAsync(context, ProblemType.NotFound, $"There is no object '{address.Key}' in bucket '{address.Bucket}'.");
            return;
        }

        if (!contentTypes.TryGetContentType(file.Name, out var contentType))
        {
            contentType = "application/octet-stream";
        }

        var lastModified = file.LastWriteTimeUtc;
        var result = Results.File(
            file.FullName,
            contentType,
            fileDownloadName: null,
            lastModified: new DateTimeOffset(lastModified.AddTicks(-(lastModified.Ticks % TimeSpan.TicksPerSecond))),
            entityTag: EntityTagHeaderValue.Parse(FileSystemBuckets.EntityTag(file)),
            enableRangeProcessing: true);
        await result.ExecuteAsync(context);

        // The file result answers failed preconditions and bad ranges with an empty body; give them the
        // same problem+json the S3 store's errors get (Content-Range: bytes */length stays).
        if (!context.Response.HasStarted && context.Response.StatusCode is StatusCodes.Status412PreconditionFailed or StatusCodes.Status416RangeNotSatisfiable)
        {
            await ProblemResponses.WriteAsync(context, ProblemType.ForStoreStatus(context.Response.StatusCode));
        }
    }
}
