namespace Helium.Imager.Stores;

/// <summary><c>Store:Kind</c>: where objects come from. Each store binds the rest of the section
/// (a local folder's <c>Store:Root</c>) to options of its own.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>The name of a registered store; the embedded default is a local folder.</summary>
    public string Kind { get; set; } = "FileSystem";
}
