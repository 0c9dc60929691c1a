using System.Net;
using System.Text.Json;

namespace Helium.Imager.Events;

/// <summary>One record of an S3 event notification, as radosgw, MinIO and AWS send them:
/// <c>{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":…},"object":{"key":…}}}]}</c>
/// (MinIO and AWS write the event name with an "s3:" prefix). <see cref="Size"/> is the object's
/// ("object":{"size":…}), when the record gives it.</summary>
internal sealed record S3EventRecord(string EventName, string Bucket, string Key, long? Size = null)
{
    public bool IsCreated => EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal);

    public bool IsRemoved => EventName.StartsWith("ObjectRemoved:", StringComparison.Ordinal);

    /// <summary>The records of a delivery body; records without a bucket or key are left out. AWS and
    /// MinIO URL-encode the key ('+' for a space); radosgw ("eventSource":"ceph:s3") sends it as
    /// stored (a '+' in its key is a plus sign: a test uploads one).</summary>
    /// <exception cref="JsonException">The body is not such a notification.</exception>
    public static List<S3EventRecord> Parse(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The body has no \"Records\" array.");
        }

        var parsed = new List<S3EventRecord>();
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind == JsonValueKind.Object
                && Text(record, "eventName") is { } name
                && record.TryGetProperty("s3", out var s3) && s3.ValueKind == JsonValueKind.Object
                && s3.TryGetProperty("bucket", out var bucket) && bucket.ValueKind == JsonValueKind.Object && Text(bucket, "name") is { Length: > 0 } bucketName
                && s3.TryGetProperty("object", out var item) && item.ValueKind == JsonValueKind.Object && Text(item, "key") is { Length: > 0 } key)
            {
                var encoded = Text(record, "eventSource")?.StartsWith("ceph:", StringComparison.Ordinal) != true;
                long? size = item.TryGetProperty("size", out var given) && given.ValueKind == JsonValueKind.Number && given.TryGetInt64(out var bytes) && bytes >= 0 ? bytes : null;
                parsed.Add(new S3EventRecord(name.StartsWith("s3:", StringComparison.Ordinal) ? name[3..] : name, bucketName, encoded ? WebUtility.UrlDecode(key) : key, size));
            }
        }

        return parsed;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
