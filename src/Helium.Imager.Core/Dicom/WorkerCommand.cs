namespace Helium.Imager.Core.Dicom;

/// <summary>How to start a child process of this program: the program and the arguments before the
/// worker's own (the server's executable, or <c>dotnet</c> and its assembly).</summary>
public sealed record WorkerCommand(string Program, IReadOnlyList<string> Arguments);
