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
}
