using System.Text;
using System.Text.Json;
using Helium.Imager.Events;

namespace Helium.Imager.UnitTests.Events;

/// <summary>Event records as the three senders write them.</summary>
public sealed class S3EventRecordTests
{
    [Fact]
    public void MinIO_and_AWS_records_have_an_s3_prefix_and_url_encoded_keys_and_a_size_when_given()
    {
        var body = """{"EventName":"s3:ObjectCreated:Put","Key":"photos/a b.jpg","Records":[{"eventVersion":"2.0","eventSource":"minio:s3","eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"photos"},"object":{"key":"2026%2Fa+b%C3%A9%2B.jpg","size":5}}},{"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"photos"},"object":{"key":"x+y.png"}}}]}""";

        var records = S3EventRecord.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal([new S3EventRecord("ObjectCreated:Put", "photos", "2026/a bé+.jpg", 5), new S3EventRecord("ObjectRemoved:Delete", "photos", "x y.png")], records);
        Assert.True(records[0].IsCreated);
        Assert.True(records[1].IsRemoved);
    }

    [Fact]
    public void Radosgw_records_carry_the_key_as_stored()
    {
        var body = """{"Records":[{"eventVersion":"2.2","eventSource":"ceph:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"scans"},"object":{"key":"ct one+two.dcm","size":734003200,"eTag":"5c6b"}}}]}""";

        var record = Assert.Single(S3EventRecord.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(("ct one+two.dcm", 734003200L), (record.Key, record.Size));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"Records":5}""")]
    [InlineData("not json")]
    public void Anything_else_is_refused(string body) =>
        Assert.ThrowsAny<JsonException>(() => S3EventRecord.Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Records_without_a_bucket_or_key_are_left_out() =>
        Assert.Empty(S3EventRecord.Parse(Encoding.UTF8.GetBytes("""{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"}}},{"eventName":"ObjectCreated:Put"},7]}""")));
}
