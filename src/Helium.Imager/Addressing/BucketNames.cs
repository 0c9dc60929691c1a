namespace Helium.Imager.Addressing;

/// <summary>S3 bucket naming rules (3–63 characters of a–z, 0–9, '.', '-', starting and ending with a
/// letter or digit). Applied in FileSystem mode too, so that a folder layout moves to S3 unchanged and
/// a name can never be '.', '..' or contain a separator.</summary>
public static class BucketNames
{
    public static bool IsValid(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
            {
                return false;
            }
        }

        return IsAlnum(name[0]) && IsAlnum(name[^1]) && !name.Contains("..", StringComparison.Ordinal);

        static bool IsAlnum(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
    }
}
