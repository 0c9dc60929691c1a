using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Helium.Imager.Problems;

namespace Helium.Imager.Stores.S3;

internal static class S3Errors
{
    /// <summary>Runs one store call: "not found" is null (the caller says what is missing), a transport
    /// failure or any other store error is a store-unavailable problem naming <paramref name="what"/>.</summary>
    public static async Task<T?> OrNullWhenMissingAsync<T>(Func<Task<T>> call, string what)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new ProblemException(ProblemType.StoreUnavailable, $"{what} could not be reached.", e);
        }
    }

    /// <summary>Transport failures and store-side errors other than "not found" (which callers handle).</summary>
    public static bool IsUnavailable(Exception e) =>
        e is HttpRequestException or IOException or AmazonClientException
        || (e is AmazonServiceException service && service.StatusCode != HttpStatusCode.NotFound);
}
