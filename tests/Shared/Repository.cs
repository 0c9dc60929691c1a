namespace Helium.Imager.Tests;

public static class Repository
{
    /// <summary>The checkout the tests were built from: the folder above the test binaries that holds
    /// the solution.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Helium.Imager.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Helium.Imager.sln above {AppContext.BaseDirectory}.");
    }
}
