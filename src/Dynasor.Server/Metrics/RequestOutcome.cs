namespace Dynasor.Server.Metrics;

/// <summary>How one completion request ended: what its metrics and its span record.</summary>
/// <param name="Operation"><c>chat</c> or <c>text_completion</c>.</param>
/// <param name="Mode">The Dynasor mode, or <c>none</c> when the body was never read.</param>
/// <param name="Status">The HTTP status sent (499: the client went away first).</param>
/// <param name="Duration">From the request's start to its last byte.</param>
/// <param name="RequestModel">The model the client asked for, once it resolved (null before, so an unknown name never becomes a label).</param>
/// <param name="ResponseModel">The upstream model that served it, when known.</param>
/// <param name="Streamed">Whether the client asked for a stream.</param>
/// <param name="FirstByte">From the start to the response's first byte (headers and first chunk), when it started.</param>
/// <param name="InputTokens">Prompt tokens (the engine's count, else an estimate), when known.</param>
/// <param name="OutputTokens">Completion tokens the client received.</param>
internal readonly record struct RequestOutcome(
    string Operation,
    string Mode,
    int Status,
    TimeSpan Duration,
    string? RequestModel,
    string? ResponseModel,
    bool Streamed,
    TimeSpan? FirstByte,
    long? InputTokens,
    long OutputTokens)
{
    /// <summary>The conventions' <c>error.type</c>: the status code of a failed request, null for a success.</summary>
    public string? ErrorType => Status >= 400 ? Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
}
