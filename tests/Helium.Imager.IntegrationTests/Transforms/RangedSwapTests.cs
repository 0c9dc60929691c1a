using System.Net;
using Helium.Imager.Addressing;
using Helium.Imager.IntegrationTests.Infrastructure;
using Helium.Imager.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Helium.Imager.IntegrationTests.Transforms;

/// <summary>
/// An object replaced between two range reads of one render (here right after the first, by a store
/// that swaps the file then): the next read, pinned to the first version, is refused, and the render
/// starts again from the new version. The answer is the new object's frame, exactly as a server that
/// only ever saw the new object renders it, never the old head's offsets applied to the new bytes.
/// </summary>
public sealed class RangedSwapTests
{
    [Fact]
    public async Task A_swap_between_range_reads_never_mixes_versions()
    {
        var store = new FolderStore("swap");
        try
        {
            var path = Path.Combine(store.Bucket("scans"), "series.dcm");
            await File.WriteAllBytesAsync(path, DicomWriter.MultiFrameGrey(256, 256, 80));
            // The new version: 8 bits, and a longer head, so every offset moved.
            var replacement = DicomWriter.MultiFrameGrey(256, 256, 80, bits: 8, privateBytes: 5000);
            var swapped = 0;
            void Swap()
            {
                if (Interlocked.Exchange(ref swapped, 1) == 0)
                {
                    File.WriteAllBytes(path + ".new", replacement);
                    File.Move(path + ".new", path, overwrite: true);
                }
            }

            var settings = store.Settings;
            settings["Limits:RangedReadAbove"] = "0";
            settings["Limits:MaxSourceBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var server = await TestServer.StartAsync(settings, services => SwapAfterFirstRead(services, Swap));

            using var answer = await server.Client.GetAsync("/scans/series.dcm?frame=40&w=64");
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            Assert.Equal(1, swapped);

            settings["Cache:Root"] = Path.Combine(store.Root, ".cache-after");
            await using var reference = await TestServer.StartAsync(settings);
            using var expected = await reference.Client.GetAsync("/scans/series.dcm?frame=40&w=64");
            Assert.Equal(await expected.Content.ReadAsByteArrayAsync(), await answer.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            store.Delete();
        }
    }

    /// <summary>The server's own source store, which runs <paramref name="swap"/> after its first range read.</summary>
    private static void SwapAfterFirstRead(IServiceCollection services, Action swap)
    {
        var own = services.Single(service => service.ServiceType == typeof(ISourceStore));
        services.Remove(own);
        services.AddSingleton(own.ImplementationType!);
        services.AddSingleton<ISourceStore>(provider => new SwappingStore((ISourceStore)provider.GetRequiredService(own.ImplementationType!), swap));
    }

    private sealed class SwappingStore(ISourceStore inner, Action swap) : ISourceStore
    {
        public Task<SourceVersion?> HeadAsync(ObjectAddress address, CancellationToken cancellationToken) => inner.HeadAsync(address, cancellationToken);

        public Task<SourceBytes?> ReadAsync(ObjectAddress address, SourceVersion version, long maxBytes, CancellationToken cancellationToken) =>
            inner.ReadAsync(address, version, maxBytes, cancellationToken);

        public async Task<byte[]> ReadRangeAsync(ObjectAddress address, SourceVersion version, long offset, int count, CancellationToken cancellationToken)
        {
            var bytes = await inner.ReadRangeAsync(address, version, offset, count, cancellationToken);
            swap();
            return bytes;
        }

        public IAsyncEnumerable<string> ListAsync(string bucket, string prefix, CancellationToken cancellationToken) => inner.ListAsync(bucket, prefix, cancellationToken);
    }
}
