namespace Dynasor.Server.Upstream;

/// <summary>
/// The upstream failed: unreachable (502), too slow (504), broke mid-stream (502), or answered with an error status.
/// A 4xx answer keeps the upstream's body in <see cref="PassThroughBody"/> so the client gets it as is.
/// </summary>
public sealed class UpstreamException(int statusCode, string message, byte[]? passThroughBody = null, string? contentType = null)
    : Exception(message)
{
    /// <summary>The status the client should get.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The upstream's own error body, for a 4xx passed through unchanged; else null.</summary>
    public byte[]? PassThroughBody { get; } = passThroughBody;

    /// <summary>The content type of <see cref="PassThroughBody"/>.</summary>
    public string? ContentType { get; } = contentType;

    /// <summary>OpenAI error type for the client.</summary>
    public string ErrorType => StatusCode == 504 ? "timeout" : "upstream_error";
}
