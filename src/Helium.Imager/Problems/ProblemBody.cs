namespace Helium.Imager.Problems;

/// <summary>An RFC 9457 problem+json body.</summary>
internal sealed record ProblemBody(string Type, string Title, int Status, string Detail, string Instance);
