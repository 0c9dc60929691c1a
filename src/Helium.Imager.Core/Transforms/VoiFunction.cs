namespace Helium.Imager.Core.Transforms;

/// <summary>How a VOI window maps values to display (PS3.3 C.11.2.1.2).</summary>
public enum VoiFunction
{
    Linear,
    LinearExact,
    Sigmoid,
}
