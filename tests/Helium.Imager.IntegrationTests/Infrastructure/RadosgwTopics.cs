using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Amazon.S3;
using Amazon.S3.Model;

namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>Bucket notifications on radosgw: an SNS topic whose HTTP push endpoint is a server under
/// test, and a bucket's notification configuration that sends object creations and deletions to it.
/// radosgw takes SNS actions as form posts on its S3 address, signed with the same keys.</summary>
public static partial class RadosgwTopics
{
    /// <summary>Creates (or replaces) topic <paramref name="name"/> pushing to <paramref name="pushEndpoint"/>; returns its ARN.</summary>
    public static async Task<string> CreateAsync(string name, string pushEndpoint)
    {
        var form = new Dictionary<string, string>
        {
            ["Action"] = "CreateTopic",
            ["Name"] = name,
            ["Attributes.entry.1.key"] = "push-endpoint",
            ["Attributes.entry.1.value"] = pushEndpoint,
        };
        var body = await new FormUrlEncodedContent(form).ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, Radosgw.Url + "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = request.RequestUri!, Content = body };
        signing.Headers["host"] = request.RequestUri!.Authority;
        signing.Headers["content-type"] = "application/x-www-form-urlencoded";
        var signed = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(Radosgw.AccessKey, Radosgw.SecretKey),
            Region = RegionEndpoint.USEast1,
            Service = "sns",
        });
        foreach (var (header, value) in signed.Headers)
        {
            if (!header.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }
        }

        using var client = ServerClient.For(new Uri(Radosgw.Url));
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"CreateTopic: {(int)response.StatusCode} {text}");
        return TopicArn().Match(text) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"CreateTopic gave no ARN: {text}");
    }

    /// <summary>Sends every creation and deletion in <paramref name="bucket"/> to the topic.</summary>
    public static Task NotifyAsync(IAmazonS3 s3, string bucket, string topicArn) =>
        s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
        {
            BucketName = bucket,
            TopicConfigurations =
            [
                new TopicConfiguration { Id = "helium", Topic = topicArn, Events = [EventType.ObjectCreatedAll, EventType.ObjectRemovedAll] },
            ],
        });

    [GeneratedRegex("<TopicArn>([^<]+)</TopicArn>")]
    private static partial Regex TopicArn();
}
