namespace Dynasor.Server.OpenAi;

/// <summary>
/// A failure the client gets back as an OpenAI-style error body
/// <c>{"error":{"message","type","param","code"}}</c> with <see cref="StatusCode"/>.
/// </summary>
public sealed class OpenAiException(int statusCode, string message, string type, string? param = null, string? code = null)
    : Exception(message)
{
    /// <summary>HTTP status to answer with.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>OpenAI error type, e.g. <c>invalid_request_error</c>.</summary>
    public string Type { get; } = type;

    /// <summary>The request field at fault, if one is.</summary>
    public string? Param { get; } = param;

    /// <summary>A machine-readable code, if any.</summary>
    public string? Code { get; } = code;

    /// <summary>A 400 <c>invalid_request_error</c> naming the field at fault.</summary>
    public static OpenAiException Invalid(string message, string? param, string code = "invalid_value") =>
        new(400, message, "invalid_request_error", param, code);
}
