using System.Runtime.CompilerServices;
using System.Text;
using Dynasor.Engines;

namespace Dynasor.Cot;

/// <summary>
/// Dynasor-CoT (PAPER.md, "Probe consistency"): streams one reasoning chain while probing it every T tokens for its
/// current answer, and stops the chain once the last k probe answers agree (equal keys, non-empty, no hedge word).
/// Fixes the reference code's defects: the exit check really compares the answers, hedges match whole words, and
/// tokens are counted per token, not per streamed chunk.
/// </summary>
public static class DynasorCot
{
    /// <summary>
    /// Runs Dynasor-CoT. Events before the last carry chain text for the client as it is generated (never probe text);
    /// the last carries the appended answer text and the <see cref="CotSummary"/>. The chain stops at the smaller of
    /// <c>request.MaxTokens</c> and <c>options.MaxTokens</c>. Cancelling <paramref name="cancellationToken"/>, or
    /// disposing the enumerator early, cancels every upstream stream the run started and waits for them to end.
    /// Probes use the request's sampling options. A probe launched at chain token p is applied at token p + ProbeMaxTokens,
    /// so the exit point depends only on what the engine generated, not on timing. Not thread-safe: one consumer per enumeration.
    /// </summary>
    /// <exception cref="ArgumentException">The options are out of range or the request's MaxTokens is below 1 (thrown at the call).</exception>
    public static IAsyncEnumerable<CotEvent> RunAsync(IStreamingEngine engine, ContinuationRequest request, CotOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (request.MaxTokens < 1)
            throw new ArgumentException($"max_tokens {request.MaxTokens} is invalid; ask for at least 1 token");
        return Run(engine, request, options, cancellationToken);
    }

    /// <summary>Runs Dynasor-CoT to the end and returns what the client would have received, with the summary.</summary>
    public static async Task<CotResult> CompleteAsync(IStreamingEngine engine, ContinuationRequest request, CotOptions options, CancellationToken cancellationToken = default)
    {
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        await foreach (var e in RunAsync(engine, request, options, cancellationToken).ConfigureAwait(false))
        {
            content.Append(e.Text);
            reasoning.Append(e.Reasoning);
            if (e.Summary is { } summary)
                return new CotResult(content.ToString(), reasoning.ToString(), summary);
        }
        throw new InvalidOperationException("the Dynasor-CoT run ended without its final event");
    }

    private static async IAsyncEnumerable<CotEvent> Run(IStreamingEngine engine, ContinuationRequest request, CotOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var run = new CotRun(engine, request, options, cancellationToken);
        while (await run.NextAsync().ConfigureAwait(false) is { } e)
            yield return e;
    }
}
