using System.Net;
using Helium.Imager.Addressing;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Helium.Imager.IntegrationTests.Problems;

/// <summary>An error the server did not expect is still a problem+json answer of its own type, with
/// none of the exception's words, and the server keeps serving.</summary>
public sealed class UnexpectedErrorTests
{
    private const string Secret = "connection string with password=hunter2";

    [Fact]
    public async Task An_unexpected_exception_is_500_with_the_projects_own_type_and_none_of_its_words()
    {
        await using var server = await TestServer.StartAsync(
            new Dictionary<string, string?>(),
            services => services.AddSingleton<ISourceStore>(new BrokenStore()));
        server.ServerErrorsExpected = true;

        using var broken = await server.Client.GetAsync("/demo/landscape.jpg?w=100");
        using var passThrough = await server.Client.GetAsync("/demo/landscape.jpg");

        await ProblemAssert.IsProblemAsync(broken, HttpStatusCode.InternalServerError, "internal-error");
        Assert.DoesNotContain("hunter2", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, passThrough.StatusCode);
        Assert.Contains(server.Logs.Errors, error => error.Contains("hunter2", StringComparison.Ordinal)); // in the log, for the operator
    }

    /// <summary>A store with a bug: it throws what no part of the server knows how to answer.</summary>
    private sealed class BrokenStore : ISourceStore
    {
        public Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<SourceBytes?> ReadAsync(ObjectAddress address, SourceVersion version, long maxBytes, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<byte[]> ReadRangeAsync(ObjectAddress address, SourceVersion version, long offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);
    }
}
