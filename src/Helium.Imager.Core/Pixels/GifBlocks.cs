using Helium.Imager.Core.Problems;

namespace Helium.Imager.Core.Pixels;

/// <summary>
/// libvips's GIF decoder renders what it finds and reports no truncation, even when asked to fail on
/// it: half a file gives half the frames, the last one partly empty. So the block structure is walked
/// first (header, colour tables, extensions, image descriptors and their data sub-blocks, up to the
/// trailer): data that ends inside a block is a truncated file. A file that ends between blocks without
/// its trailer, or carries bytes after the last block that are no block, is accepted as browsers accept
/// it.
/// </summary>
public static class GifBlocks
{
    public static void RequireComplete(ReadOnlySpan<byte> gif)
    {
        var position = 13;
        if (gif.Length < position)
        {
            throw Truncated();
        }

        position += ColourTableLength(gif[10]);
        while (position < gif.Length)
        {
            switch (gif[position])
            {
                case 0x3B:
                    return;
                case 0x21:
                    position = SkipSubBlocks(gif, position + 2);
                    break;
                case 0x2C:
                    position += 10;
                    if (position > gif.Length)
                    {
                        throw Truncated();
                    }

                    position += ColourTableLength(gif[position - 1]) + 1; // the LZW minimum code size
                    position = SkipSubBlocks(gif, position);
                    break;
                default:
                    return;
            }
        }

        if (position > gif.Length)
        {
            throw Truncated();
        }
    }

    /// <summary>Bytes of the colour table a packed field announces (none when its top bit is clear).</summary>
    private static int ColourTableLength(byte packed) => (packed & 0x80) == 0 ? 0 : 3 << ((packed & 0x07) + 1);

    /// <summary>The position after a chain of data sub-blocks (a length byte, that many bytes, … a zero).</summary>
    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int position)
    {
        while (true)
        {
            if (position >= gif.Length)
            {
                throw Truncated();
            }

            var length = gif[position];
            position += 1 + length;
            if (length == 0)
            {
                return position;
            }
        }
    }

    private static SourceRejectedException Truncated() =>
        new(SourceProblem.Corrupt, "The GIF source is truncated: its data ends inside a block.");
}
