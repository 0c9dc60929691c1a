namespace Helium.Imager.IntegrationTests.Infrastructure;

internal static class Fixture
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));
}
