namespace Dynasor.Engines;

/// <summary>
/// A text-generation engine that continues a conversation token by token: a live OpenAI-compatible upstream
/// (vLLM, SGLang, Ollama, llama.cpp) over HTTP, or the simulated engine in process. Dynasor-CoT continues the
/// assistant's partial message through it chunk by chunk and probes it; self-consistency draws samples from it.
/// Implementations must be safe for concurrent streams; cancelling the token (or disposing the enumerator) must
/// end the upstream request promptly.
/// </summary>
public interface IStreamingEngine
{
    /// <summary>
    /// Streams the continuation of <paramref name="request"/>: the assistant turn that starts with
    /// <see cref="ContinuationRequest.AssistantPrefix"/>. The last token carries the finish reason.
    /// </summary>
    IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, CancellationToken cancellationToken = default);
}
