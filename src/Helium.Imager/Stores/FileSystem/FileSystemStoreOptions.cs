namespace Helium.Imager.Stores.FileSystem;

/// <summary><c>Store:Root</c>: the folder whose sub-folders are the buckets.</summary>
public sealed class FileSystemStoreOptions
{
    /// <summary>Relative paths resolve against the application folder, which ships with <c>samples/</c>.</summary>
    public string Root { get; set; } = "samples";

    /// <summary>The absolute folder: a relative root resolves against the content root, which is the
    /// application folder (so the shipped <c>samples/</c> is found from any working directory).</summary>
    public string Resolve(IHostEnvironment environment) => Path.GetFullPath(Path.Combine(environment.ContentRootPath, Root));
}
