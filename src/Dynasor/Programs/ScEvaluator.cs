using Dynasor.Answers;
using Dynasor.Engines;
using Dynasor.Policies;

namespace Dynasor.Programs;

/// <summary>
/// Measures self-consistency policies on a streaming engine: every question runs every policy through
/// <see cref="AdaptiveSelfConsistency"/> over one shared, seeded sample source, so the policies are compared on the same
/// samples (sample i of a question is generated once, whichever policy asks for it first).
/// </summary>
public static class ScEvaluator
{
    /// <summary>One row per policy spec, in the order given; questions run <paramref name="concurrency"/> at a time.</summary>
    /// <param name="maxTokens">Output-token limit of each sample.</param>
    /// <param name="seed">Sample i of every question uses seed + i.</param>
    /// <exception cref="PolicySpecException">A spec is unknown or malformed (thrown before any request).</exception>
    public static async Task<IReadOnlyList<EvalRow>> RunAsync(IStreamingEngine engine, IReadOnlyList<EvalQuestion> questions, IReadOnlyList<string> policySpecs,
        ScOptions options, int maxTokens, long seed, int concurrency, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var specs = policySpecs.Select(PolicyCatalog.Parse).ToList();
        var policies = specs.Select(PolicyCatalog.Create).ToList();
        var outcomes = new EvalOutcome[specs.Count, questions.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, questions.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (q, ct) =>
        {
            var request = new ContinuationRequest([new ChatTurn("user", questions[q].Text)], "", maxTokens, new SamplingOptions(Seed: seed));
            var samples = new StreamingReasoningEngine(engine, request);
            for (var p = 0; p < policies.Count; p++)
            {
                var result = await AdaptiveSelfConsistency.RunAsync(samples, policies[p], options, ct).ConfigureAwait(false);
                var correct = AnswerGrader.IsCorrect(result.Answer ?? "", questions[q].Gold);
                outcomes[p, q] = new EvalOutcome(correct, result.UpstreamTokens, result.TextTokens, Samples: result.Samples);
            }
            progress?.Report(Interlocked.Increment(ref done) / (double)questions.Count);
        }).ConfigureAwait(false);
        return specs.Select((spec, p) => EvalOutcome.Row("sc", spec.ToString(),
            Enumerable.Range(0, questions.Count).Select(q => outcomes[p, q]).ToList(), cot: false, sc: true)).ToList();
    }
}
