namespace Helium.Imager.Core.Dicom;

/// <summary>A Modality or VOI LUT from a sequence item: entries, first input value mapped, bits per
/// output entry, and the entries.</summary>
public sealed record LookupTable(int FirstMapped, int BitsPerEntry, ushort[] Data)
{
    public int Lookup(double value)
    {
        var index = (int)Math.Round(value) - FirstMapped;
        return Data[Math.Clamp(index, 0, Data.Length - 1)];
    }

    public int MaxOutput => (1 << BitsPerEntry) - 1;

    /// <summary>From a sequence item's LUT Descriptor (0028,3002: entries, 0 meaning 65536; first mapped
    /// value; bits) and LUT Data (0028,3006: 16-bit entries), as stored; null when either is missing
    /// or too short.</summary>
    public static LookupTable? FromItem(byte[]? descriptor, byte[]? data)
    {
        if (descriptor is not { Length: >= 6 } || data is not { Length: >= 2 })
        {
            return null;
        }

        var entries = BitConverter.ToUInt16(descriptor, 0) is var n && n == 0 ? 65536 : BitConverter.ToUInt16(descriptor, 0);
        var first = BitConverter.ToInt16(descriptor, 2);
        var bits = Math.Clamp((int)BitConverter.ToUInt16(descriptor, 4), 1, 16);
        var values = new ushort[Math.Min(entries, data.Length / 2)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BitConverter.ToUInt16(data, i * 2);
        }

        return values.Length == 0 ? null : new LookupTable(first, bits, values);
    }
}
