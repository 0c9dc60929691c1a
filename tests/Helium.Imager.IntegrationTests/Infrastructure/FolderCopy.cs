namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>Copies of folders the tests work on without touching the checkout (a build, an install).</summary>
public static class FolderCopy
{
    /// <summary>Every file below <paramref name="from"/> copied below <paramref name="to"/>, with its mode
    /// (an executable stays executable), leaving out folders of the given names at any depth (build outputs).</summary>
    public static void Copy(string from, string to, params string[] leftOut)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).SkipLast(1).Any(part => leftOut.Contains(part)))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}
