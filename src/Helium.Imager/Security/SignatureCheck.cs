namespace Helium.Imager.Security;

/// <summary>The outcome of checking a request's signature.</summary>
public enum SignatureCheck
{
    Valid,
    Missing,
    Invalid,
    Expired,
}
