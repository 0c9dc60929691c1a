namespace Helium.Imager.Core.Dicom;

/// <summary>One VOI window of a DICOM image, as <c>?info=true</c> lists it.</summary>
public sealed record WindowDescription(double Center, double Width, string Function);
