using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Dynasor.Engines;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// One question's step requests, kept by (assistant prefix, seed, token limit) and replayed token for token when asked
/// again, so an evaluation that runs several Rebase policies over the same question generates each distinct step once.
/// Honest because the programs seed every node (template seed + node id) and the engine is deterministic given the seed:
/// a kept step is the step the engine would write again. The programs still count a replayed step's tokens, so each
/// policy's accounting is what it would spend alone. Only whole streams are kept (a failed or cancelled one is not).
/// Also knows the tokens of every step it saw, to price a chosen path. Serves one question's template; thread safe.
/// </summary>
internal sealed class StepCache(IStreamingEngine inner) : IStreamingEngine
{
    private readonly ConcurrentDictionary<(string Prefix, long? Seed, int MaxTokens), StreamedToken[]> _kept = new();
    private readonly ConcurrentDictionary<string, int> _stepTokens = new(StringComparer.Ordinal);

    /// <summary>Requests that reached the engine (not replayed).</summary>
    public int EngineRequests => _kept.Count;

    /// <summary>Output tokens of the path <paramref name="steps"/>: the sum of its steps' requests, each as first seen; 0 for a step never seen.</summary>
    public long PathTokens(IReadOnlyList<string> steps)
    {
        long tokens = 0;
        for (var k = 0; k < steps.Count; k++)
            tokens += _stepTokens.GetValueOrDefault(StepKey(Prefix(steps, k), steps[k]));
        return tokens;
    }

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = (request.AssistantPrefix, request.Sampling.Seed, request.MaxTokens);
        if (_kept.TryGetValue(key, out var kept))
        {
            foreach (var token in kept)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return token;
            }
            yield break;
        }
        var tokens = new List<StreamedToken>();
        await foreach (var token in inner.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(token);
            yield return token;
        }
        if (_kept.TryAdd(key, [.. tokens]))
            _stepTokens.TryAdd(StepKey(request.AssistantPrefix, StepText(tokens)), tokens.Sum(t => t.Tokens));
    }

    private static string Prefix(IReadOnlyList<string> steps, int k) =>
        k == 0 ? "" : SolutionSteps.Join(steps.Take(k)) + SolutionSteps.Separator;

    private static string StepKey(string prefix, string step) => prefix + "\0" + step;

    // The step as the programs read it (StepGenerator): content, else reasoning, cut at the first separator and trimmed.
    private static string StepText(List<StreamedToken> tokens)
    {
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        foreach (var token in tokens)
        {
            content.Append(token.Text);
            reasoning.Append(token.Reasoning);
        }
        var text = content.Length > 0 ? content.ToString() : reasoning.ToString();
        var cut = text.IndexOf(SolutionSteps.Separator, StringComparison.Ordinal);
        return (cut >= 0 ? text[..cut] : text).Trim();
    }
}
