namespace Helium.Imager.Core.Transforms;

/// <summary>A query parameter that cannot be accepted: the message names it and says what is allowed.</summary>
public sealed class InvalidTransformException : Exception
{
    public InvalidTransformException(string parameter, string message)
        : base(message) => Parameter = parameter;

    public InvalidTransformException()
    {
        Parameter = string.Empty;
    }

    public InvalidTransformException(string message)
        : base(message) => Parameter = string.Empty;

    public InvalidTransformException(string message, Exception innerException)
        : base(message, innerException) => Parameter = string.Empty;

    public string Parameter { get; }
}
