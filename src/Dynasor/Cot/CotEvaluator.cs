using System.Globalization;
using System.Text;
using Dynasor.Answers;
using Dynasor.Engines;
using Dynasor.Programs;

namespace Dynasor.Cot;

/// <summary>
/// Measures Dynasor-CoT against plain generation on a streaming engine. Every setting uses the same seed per question,
/// so on a seeded engine each Dynasor-CoT chain is a prefix of the plain chain: the comparison is paired.
/// </summary>
public static class CotEvaluator
{
    /// <summary>
    /// One row for plain generation (<paramref name="options"/> null) or one Dynasor-CoT setting; questions run
    /// <paramref name="concurrency"/> at a time. The answer graded is what the client received: the chain's own final
    /// answer, or the appended one on an early exit.
    /// </summary>
    public static async Task<EvalRow> RunAsync(IStreamingEngine engine, IReadOnlyList<EvalQuestion> questions, CotOptions? options, string setting,
        int maxTokens, long seed, int concurrency, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        options?.Validate();
        var outcomes = new EvalOutcome[questions.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, questions.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (q, ct) =>
        {
            var request = new ContinuationRequest([new ChatTurn("user", questions[q].Text)], "", maxTokens, new SamplingOptions(Seed: seed));
            outcomes[q] = options is null
                ? await PlainAsync(engine, request, questions[q].Gold, ct).ConfigureAwait(false)
                : await CotAsync(engine, request, options, questions[q].Gold, ct).ConfigureAwait(false);
            progress?.Report(Interlocked.Increment(ref done) / (double)questions.Count);
        }).ConfigureAwait(false);
        return EvalOutcome.Row(options is null ? "off" : "cot", setting, outcomes, cot: options is not null, sc: false);
    }

    /// <summary>The setting label of an effort preset, e.g. <c>mid (k=3, T=64)</c>.</summary>
    public static string Label(string effort, CotOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"{effort} (k={options.Window}, T={options.ProbeInterval})");

    private static async Task<EvalOutcome> PlainAsync(IStreamingEngine engine, ContinuationRequest request, string gold, CancellationToken ct)
    {
        var text = new StringBuilder();
        long tokens = 0;
        await foreach (var token in engine.StreamAsync(request, ct).WithCancellation(ct).ConfigureAwait(false))
        {
            tokens += token.Tokens;
            text.Append(token.Text);
        }
        return new EvalOutcome(AnswerGrader.IsCorrect(AnswerExtractor.Extract(text.ToString()), gold), tokens, tokens);
    }

    private static async Task<EvalOutcome> CotAsync(IStreamingEngine engine, ContinuationRequest request, CotOptions options, string gold, CancellationToken ct)
    {
        var result = await DynasorCot.CompleteAsync(engine, request, options, ct).ConfigureAwait(false);
        var s = result.Summary;
        return new EvalOutcome(AnswerGrader.IsCorrect(AnswerExtractor.Extract(result.Content), gold), s.UpstreamTokens, s.CompletionTokens, s.ExitedEarly);
    }
}
