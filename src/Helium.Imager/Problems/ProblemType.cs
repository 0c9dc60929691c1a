namespace Helium.Imager.Problems;

/// <summary>
/// The one table of problems a client can meet: each with its stable RFC 9457 <c>type</c>, its
/// <c>title</c> and its status. <see cref="ProblemMapping"/> says which problem each exception is.
/// </summary>
/// <param name="RetryAfterSeconds">When set, the answer carries Retry-After: the client may try again.</param>
public sealed record ProblemType(string Slug, string Title, int Status, string? DefaultDetail = null, int? RetryAfterSeconds = null)
{
    public string Uri => $"urn:helium-imager:problem:{Slug}";

    public static readonly ProblemType InvalidPath = new("invalid-path", "The path is not a valid /bucket/key address", StatusCodes.Status400BadRequest);
    public static readonly ProblemType InvalidQuery = new("invalid-query", "The query string is not valid", StatusCodes.Status400BadRequest);
    public static readonly ProblemType BucketNotAllowed = new("bucket-not-allowed", "This bucket may not be read through this server", StatusCodes.Status403Forbidden);
    public static readonly ProblemType SignatureRequired = new("signature-required", "This URL must be signed", StatusCodes.Status403Forbidden);
    public static readonly ProblemType SignatureInvalid = new("signature-invalid", "The URL's signature does not match", StatusCodes.Status403Forbidden);
    public static readonly ProblemType SignatureExpired = new("signature-expired", "The signed URL has expired", StatusCodes.Status403Forbidden);
    public static readonly ProblemType StoreDenied = new("store-denied", "The store refused access to the object", StatusCodes.Status403Forbidden);
    public static readonly ProblemType NotFound = new("not-found", "No such object", StatusCodes.Status404NotFound);
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", "Only GET and HEAD are supported", StatusCodes.Status405MethodNotAllowed);
    public static readonly ProblemType PreconditionFailed = new("precondition-failed", "A precondition (If-Match or If-Unmodified-Since) failed", StatusCodes.Status412PreconditionFailed,
        "The object does not match If-Match or has changed since If-Unmodified-Since.");
    public static readonly ProblemType RangeNotSatisfiable = new("range-not-satisfiable", "The requested range is outside the object", StatusCodes.Status416RangeNotSatisfiable,
        "The Range header selects no byte of the object.");
    public static readonly ProblemType StoreUnavailable = new("store-unavailable", "The object store could not be reached or failed", StatusCodes.Status502BadGateway);
    public static readonly ProblemType SourceChanged = new("source-changed", "The source changed while it was read; retry", StatusCodes.Status503ServiceUnavailable, RetryAfterSeconds: 1);
    public static readonly ProblemType StoreTimeout = new("store-timeout", "The object store did not answer in time", StatusCodes.Status504GatewayTimeout);
    public static readonly ProblemType SourceTooLarge = new("source-too-large", "The source is larger than this server transforms", StatusCodes.Status413PayloadTooLarge);
    public static readonly ProblemType UnsupportedSource = new("unsupported-source", "The source is not a format this server transforms", StatusCodes.Status415UnsupportedMediaType);
    public static readonly ProblemType UnprocessableSource = new("unprocessable-source", "The source cannot be rendered", StatusCodes.Status422UnprocessableEntity);
    public static readonly ProblemType Overloaded = new("overloaded", "Too many transforms are waiting; retry shortly", StatusCodes.Status503ServiceUnavailable, RetryAfterSeconds: 1);
    public static readonly ProblemType ClientOverloaded = new("client-overloaded", "This client has its share of renders running and waiting; retry shortly", StatusCodes.Status429TooManyRequests, RetryAfterSeconds: 1);
    public static readonly ProblemType TransformTimeout = new("transform-timeout", "The transform did not finish in time", StatusCodes.Status504GatewayTimeout);
    public static readonly ProblemType RendererUnavailable = new("renderer-unavailable", "A program this server needs to render the source is missing", StatusCodes.Status503ServiceUnavailable);
    public static readonly ProblemType EventsUnauthorized = new("events-unauthorized", "This event delivery carries no valid token", StatusCodes.Status401Unauthorized);
    public static readonly ProblemType InvalidEvent = new("invalid-event", "The body is not an S3 event notification", StatusCodes.Status400BadRequest);
    public static readonly ProblemType NotReady = new("not-ready", "The object store is not ready", StatusCodes.Status503ServiceUnavailable);
    public static readonly ProblemType Internal = new("internal-error", "The server failed unexpectedly", StatusCodes.Status500InternalServerError,
        "The server met an error it did not expect; it has been logged.");

    /// <summary>What the store's answer to a pass-through or source read means to the client.</summary>
    public static ProblemType ForStoreStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status403Forbidden => StoreDenied,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        StatusCodes.Status416RangeNotSatisfiable => RangeNotSatisfiable,
        _ => StoreUnavailable,
    };
}
