namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>A throw-away FileSystem store: a temporary folder whose sub-folders are buckets, a cache
/// folder inside it, and the settings that point a server at both.</summary>
public sealed class FolderStore
{
    public FolderStore(string purpose) => Root = Directory.CreateTempSubdirectory($"helium-{purpose}-").FullName;

    public string Root { get; }

    /// <summary>Store:Root and Cache:Root for a server reading this store.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Store:Root"] = Root,
        ["Cache:Root"] = Path.Combine(Root, ".cache"),
    };

    /// <summary>The bucket's folder, made if new.</summary>
    public string Bucket(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>Copies a fixture into a bucket, under its own name or <paramref name="key"/>.</summary>
    public void Add(string bucket, string fixture, string? key = null) =>
        File.Copy(Fixture.Path(fixture), Path.Combine(Bucket(bucket), key ?? Path.GetFileName(fixture)));

    public void Delete() => Directory.Delete(Root, recursive: true);
}
