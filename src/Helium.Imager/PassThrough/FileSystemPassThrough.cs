using Helium.Imager.Problems;
using Helium.Imager.Routing;
using Helium.Imager.Settings;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Helium.Imager.PassThrough;

/// <summary>Serves objects from a local folder whose sub-folders are buckets. Range, If-Match,
/// If-None-Match, If-Modified-Since, If-Unmodified-Since and If-Range are handled by ASP.NET Core's
/// file result (the same rules StaticFiles applies), not re-implemented here.</summary>
internal sealed class FileSystemPassThrough(IOptions<StoreOptions> options, IHostEnvironment environment, IContentTypeProvider contentTypes) : IPassThrough
{
    private readonly string _root = StoreRoot.Resolve(options.Value, environment);

    public async Task ServeAsync(HttpContext context, ObjectAddress address)
    {
        var file = Resolve(address);
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
            entityTag: EntityTagFor(file),
            enableRangeProcessing: true);
        await result.ExecuteAsync(context);

        // The file result answers failed preconditions and bad ranges with an empty body; give them the
        // same problem+json the S3 store's errors get (Content-Range: bytes */length stays).
        if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status412PreconditionFailed)
        {
            await ProblemResponses.WriteAsync(context, ProblemType.PreconditionFailed);
        }
        else if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status416RangeNotSatisfiable)
        {
            await ProblemResponses.WriteAsync(context, ProblemType.RangeNotSatisfiable);
        }
    }

    /// <summary>The file behind an address, or null when there is none. Symbolic links below a bucket
    /// folder are not followed, so nothing outside the bucket can be reached through one.</summary>
    internal FileInfo? Resolve(ObjectAddress address)
    {
        if (address.Key.Length == 0)
        {
            return null;
        }

        var bucketDirectory = Path.Combine(_root, address.Bucket);
        if (!Directory.Exists(bucketDirectory))
        {
            return null;
        }

        var path = bucketDirectory;
        foreach (var segment in address.Key.Split('/'))
        {
            path = Path.Combine(path, segment);
            if (new FileInfo(path).LinkTarget is not null)
            {
                return null;
            }
        }

        var file = new FileInfo(path);
        var inside = Path.GetFullPath(path).StartsWith(Path.GetFullPath(bucketDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return file.Exists && inside ? file : null;
    }

    /// <summary>A strong validator from size and modification time, as StaticFiles computes it.</summary>
    private static EntityTagHeaderValue EntityTagFor(FileInfo file)
    {
        var value = file.LastWriteTimeUtc.ToFileTimeUtc() ^ file.Length;
        return new EntityTagHeaderValue($"\"{value:x}\"");
    }
}
