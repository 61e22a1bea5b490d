using Dynasor.Answers;
using Dynasor.Diagnostics;
using Dynasor.Engines;
using Dynasor.Policies;

namespace Dynasor.Programs;

/// <summary>
/// Adaptive self-consistency over a streaming engine (<c>mode: sc</c>): a <see cref="SelfConsistencyProgram"/> draws
/// samples in waves through a <see cref="StreamingReasoningEngine"/>; after each wave the allocation policy looks at the
/// votes and certaindex and grants the next wave or stops. A wave is the policy's grant (raised to
/// <see cref="ScOptions.MinWave"/>), drawn concurrently, capped by <see cref="ScOptions.MaxSamples"/>.
/// </summary>
public static class AdaptiveSelfConsistency
{
    /// <summary>Runs with a policy spec (<c>name[:k=v,...]</c> or <c>@policy.json</c>, see <see cref="PolicyCatalog"/>).</summary>
    /// <exception cref="PolicySpecException">The spec is unknown or malformed, or names the batch allocator.</exception>
    public static Task<ScResult> RunAsync(IStreamingEngine engine, ContinuationRequest request, string policySpec, ScOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(engine, request, PolicyCatalog.Create(PolicyCatalog.Parse(policySpec)), options, cancellationToken);

    /// <summary>
    /// Runs the program to completion and returns the majority answer with the full text of the first sample (by index)
    /// that gave it. <paramref name="request"/> supplies the conversation, each sample's token limit and the sampling
    /// options (sample i uses seed + i). Cancelling cancels every sample still streaming.
    /// </summary>
    public static async Task<ScResult> RunAsync(IStreamingEngine engine, ContinuationRequest request, IAllocationPolicy policy, ScOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await RunAsync(new StreamingReasoningEngine(engine, request), policy, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs over an existing sample source: samples it already holds are reused, not drawn again (their tokens still
    /// count for this run). Lets an evaluation compare policies on the same samples.
    /// </summary>
    public static Task<ScResult> RunAsync(StreamingReasoningEngine samples, IAllocationPolicy policy, ScOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(samples, policy, options, started: null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="started"/> receives the program's live <see cref="ProgramProgress"/> before the first
    /// sample is asked for (a scheduler reads it to predict the program's remaining work). Read it only while the
    /// program waits for samples: the program owns it. Traced as a <see cref="DynasorActivity.ScRun"/> span over its waves
    /// and samples.
    /// </summary>
    public static async Task<ScResult> RunAsync(StreamingReasoningEngine samples, IAllocationPolicy policy, ScOptions options, Action<ProgramProgress>? started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var waves = new WavePolicy(policy, options.MinWave);
        var program = new SelfConsistencyProgram(samples.Question, options.MaxSamples);
        started?.Invoke(program.Progress);
        ProgramResult result;
        using (var span = DynasorActivity.StartStep(DynasorActivity.ScRun))
        {
            try
            {
                result = await program.RunAsync(samples, waves, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (DynasorActivity.Fail(span, e))
            {
                throw;
            }
            if (span is not null)
            {
                span.SetTag("dynasor.sc.samples", result.Samples);
                span.SetTag("dynasor.sc.waves", waves.Waves);
                span.SetTag(DynasorActivity.Tokens, result.Tokens);
                span.SetTag(DynasorActivity.Certaindex, result.Certaindex);
                span.SetTag(DynasorActivity.ExitedEarly, result.Samples < options.MaxSamples);
            }
        }

        // The program keeps keys, not spellings: rebuild the vote with each answer as first written, in index order.
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        var spelling = new Dictionary<string, string>(StringComparer.Ordinal);
        var chosen = -1;
        for (var i = 0; i < result.Samples; i++)
        {
            var answer = AnswerExtractor.Extract(samples.Samples[i].Text);
            var key = AnswerKey.Of(answer);
            if (key.Length == 0)
                continue;
            if (!spelling.TryGetValue(key, out var shown))
                spelling[key] = shown = answer;
            votes[shown] = votes.GetValueOrDefault(shown) + 1;
            if (chosen < 0 && key == result.AnswerKey)
                chosen = i;
        }
        var index = Math.Max(chosen, 0);
        var sample = samples.Samples.GetValueOrDefault(index) ?? new Generation("", 0);
        // The client gets the sample as the engine filed it: content, and reasoning in its own field.
        var (content, reasoning) = samples.FieldsOf(index);
        return new ScResult(result.Answer, result.AnswerKey, reasoning is null ? sample.Text : content, sample.Tokens, result.Samples, waves.Waves,
            result.Certaindex, votes, result.Tokens, samples.FinishOf(index)) { Reasoning = reasoning, PromptTokens = samples.PromptTokens };
    }
}
