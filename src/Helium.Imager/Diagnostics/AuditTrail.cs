using System.Text.Json;
using System.Text.Json.Serialization;
using Helium.Imager.Core.Dicom;
using Helium.Imager.Settings;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Diagnostics;

/// <summary>
/// One record for every response that served a source's bytes or a rendition of it (2xx to GET or
/// HEAD): when, to which address, what (bucket and key as stored: this is the one place a key appears
/// in plain), how it ended, and, for a DICOM rendition, the Study, Series and SOP Instance UIDs, and the
/// viewer's identity when a signed URL names one (<c>sub</c>). Written to its own log category and,
/// with Audit:Path, appended to a file, one JSON object a line, flushed as it is written.
/// </summary>
internal sealed class AuditTrail : IDisposable
{
    private readonly ILogger _logger;
    private readonly StreamWriter? _file;
    private readonly Lock _writing = new();

    public AuditTrail(IOptions<AuditOptions> options, ILoggerFactory loggers)
    {
        Enabled = options.Value.Enabled;
        _logger = loggers.CreateLogger("Helium.Imager.Audit");
        if (Enabled && !string.IsNullOrWhiteSpace(options.Value.Path))
        {
            var stream = new FileStream(options.Value.Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            _file = new StreamWriter(stream) { AutoFlush = true };
        }
    }

    public bool Enabled { get; }

    public void Write(HttpContext context, RequestRecord record, int status, long bytes)
    {
        if (!Enabled || record.Address is not { } address || status is < 200 or > 299
            || record.Kind is not (RouteKind.PassThrough or RouteKind.TransformHit or RouteKind.TransformMiss))
        {
            return;
        }

        var entry = new AuditRecord(
            DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            context.Connection.RemoteIpAddress?.ToString() ?? "",
            context.Request.Method,
            address.Bucket,
            address.Key,
            status,
            bytes,
            record.Kind == RouteKind.PassThrough ? "pass-through" : "rendition",
            record.Subject,
            Label(record, DicomSource.StudyUidLabel),
            Label(record, DicomSource.SeriesUidLabel),
            Label(record, DicomSource.SopInstanceUidLabel));
        var json = JsonSerializer.Serialize(entry, AuditJson.Default.AuditRecord);
        Log.Audit(_logger, json);
        if (_file is not null)
        {
            lock (_writing)
            {
                _file.WriteLine(json);
            }
        }
    }

    public void Dispose() => _file?.Dispose();

    private static string? Label(RequestRecord record, string name) =>
        record.Labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}

internal sealed record AuditRecord(
    string Time,
    string Client,
    string Method,
    string Bucket,
    string Key,
    int Status,
    long Bytes,
    string Served,
    string? Sub,
    string? StudyInstanceUid,
    string? SeriesInstanceUid,
    string? SopInstanceUid);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditRecord))]
internal sealed partial class AuditJson : JsonSerializerContext;
