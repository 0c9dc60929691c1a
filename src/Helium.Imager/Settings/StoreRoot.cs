namespace Helium.Imager.Settings;

internal static class StoreRoot
{
    /// <summary>The absolute folder of a FileSystem store: relative roots resolve against the content
    /// root, which is the application folder (so the shipped <c>samples/</c> is found from any cwd).</summary>
    public static string Resolve(StoreOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Root));
}
