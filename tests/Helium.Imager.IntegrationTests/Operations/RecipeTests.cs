using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helium.Imager.IntegrationTests.Infrastructure;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// The recipes in docs/recipes, run against a real server: the Next.js loader (node) with the
/// presets file it comes with, the Rails helper's srcset (ruby) with a signing key, and every URL
/// the responsive-images page shows.
/// </summary>
public sealed partial class RecipeTests
{
    private const string SigningKey = "recipe-signing-key-0123456789";
    private static readonly string Recipes = Path.Combine(Repository.Root, "docs/recipes");

    /// <summary>next/image's default deviceSizes and imageSizes (next.config.js documentation).</summary>
    private static readonly int[] NextDefaultSizes = [640, 750, 828, 1080, 1200, 1920, 2048, 3840, 16, 32, 48, 64, 96, 128, 256, 384];

    [Fact]
    public async Task The_nextjs_loader_asks_only_for_presets_the_server_has()
    {
        var settings = new Dictionary<string, string?> { ["Security:SigningKey"] = SigningKey, ["Buckets:Public"] = "demo" };
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(Recipes, "nextjs/helium-imager.env")))
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                var (name, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                settings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        await using var server = await ServerProcess.StartAsync(settings);
        var folder = Directory.CreateTempSubdirectory("helium-next-").FullName;
        try
        {
            // As an ES module, the way Next.js's bundler reads a loaderFile.
            File.Copy(Path.Combine(Recipes, "nextjs/image-loader.js"), Path.Combine(folder, "image-loader.mjs"));
            var script = $"import loader from './image-loader.mjs'; console.log(JSON.stringify([{string.Join(',', NextDefaultSizes)}].map(width => [width, loader({{ src: '/demo/landscape.jpg', width, quality: 90 }})])));";
            await File.WriteAllTextAsync(Path.Combine(folder, "run.mjs"), script);
            var (code, output) = await RunAsync(["node", Path.Combine(folder, "run.mjs")], folder, ("NEXT_PUBLIC_HELIUM_IMAGER_URL", server.Client.BaseAddress!.ToString().TrimEnd('/')));
            Assert.True(code == 0, output);

            using var urls = JsonDocument.Parse(output);
            foreach (var pair in urls.RootElement.EnumerateArray())
            {
                var (width, url) = (pair[0].GetInt32(), pair[1].GetString()!);
                using var response = await server.Client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                using var image = await ImageResponses.ImageOf(response);
                Assert.Equal((uint)Math.Min(width, 600), image.Width); // the 600-pixel source is never enlarged
            }

            // Presets-only: no other size can be asked for.
            using var other = await server.Client.GetAsync("/demo/landscape.jpg?w=333");
            Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_rails_helper_signs_a_srcset_the_server_accepts()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?> { ["Security:SigningKey"] = SigningKey });
        var folder = Directory.CreateTempSubdirectory("helium-rails-").FullName;
        try
        {
            var script = $$"""
                require_relative "{{Path.Combine(Repository.Root, "docs/signing/sign")}}"
                require_relative "{{Path.Combine(Recipes, "rails/helium_imager_helper")}}"
                class View
                  include HeliumImagerHelper
                  def helium_imager_settings = { url: ARGV[0], signing_key: ARGV[1] }
                end
                puts View.new.helium_srcset("demo", "landscape.jpg", widths: [120, 240, 480], viewer: "user-7")
                """;
            await File.WriteAllTextAsync(Path.Combine(folder, "run.rb"), script);
            var (code, output) = await RunAsync(["ruby", Path.Combine(folder, "run.rb"), server.Client.BaseAddress!.ToString().TrimEnd('/'), SigningKey], folder);
            Assert.True(code == 0, output);

            var candidates = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, candidates.Length);
            foreach (var candidate in candidates)
            {
                var (url, descriptor) = (candidate.Split(' ')[0], candidate.Split(' ')[1]);
                Assert.Contains("sub=user-7", url, StringComparison.Ordinal);
                Assert.Contains("expires=", url, StringComparison.Ordinal);
                using var response = await server.Client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
                using var image = await ImageResponses.ImageOf(response);
                Assert.Equal(descriptor, $"{image.Width}w");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Every_url_on_the_responsive_images_page_works()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>());
        var page = await File.ReadAllTextAsync(Path.Combine(Recipes, "responsive-images.md"));
        var urls = DemoUrl().Matches(page).Select(match => match.Value).Distinct().ToList();
        Assert.True(urls.Count >= 10, string.Join(" ", urls));
        foreach (var url in urls)
        {
            using var response = await server.Client.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            if (url.Contains("info=true", StringComparison.Ordinal))
            {
                using var info = JsonDocument.Parse(body);
                Assert.Equal(600, info.RootElement.GetProperty("width").GetInt32());
                Assert.Equal(450, info.RootElement.GetProperty("height").GetInt32());
            }
            else if (url.Contains("blur=", StringComparison.Ordinal))
            {
                Assert.True(body.Length < 2048, $"the placeholder is {body.Length} bytes");
            }
            else
            {
                Assert.StartsWith("image/", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            }
        }
    }

    [GeneratedRegex(@"/demo/[^""'\s)]+")]
    private static partial Regex DemoUrl();

    private static Task<(int Code, string Output)> RunAsync(string[] command, string workingDirectory, params (string Name, string Value)[] environment) =>
        ChildProcess.RunAsync(command, workingDirectory, environment.Select(e => KeyValuePair.Create(e.Name, e.Value)));
}
