using Dynasor.Answers;
using Dynasor.Certainty;
using Dynasor.Diagnostics;
using Dynasor.Engines;
using Dynasor.Policies;

namespace Dynasor.Programs;

/// <summary>
/// Self-consistency as a reasoning program (PAPER.md): expand (draw samples), aggregate (vote on equivalence keys),
/// update certaindex, ask for more compute; when refused, return the majority answer. The knob is the number of
/// samples. The same code runs over recorded traces, the simulated engine and live engines.
/// </summary>
public sealed class SelfConsistencyProgram
{
    private readonly string _prompt;
    private readonly Dictionary<string, Generation> _exampleByKey = new(StringComparer.Ordinal);

    /// <param name="prompt">What every sample is asked; for trace replay, the question id.</param>
    /// <param name="cap">The most samples the program may draw, at least 1.</param>
    /// <param name="rule">How the answer is picked: the majority (self-consistency), the reward-weighted vote, or the best-rewarded sample (best-of-N).</param>
    /// <param name="measure">The certaindex the program reports.</param>
    public SelfConsistencyProgram(string prompt, int cap, AnswerRule rule = AnswerRule.Majority, CertaindexMeasure measure = CertaindexMeasure.Entropy)
    {
        _prompt = prompt;
        Progress = new ProgramProgress(cap, rule, measure);
    }

    /// <summary>The program's state so far; read it, do not change it.</summary>
    public ProgramProgress Progress { get; }

    /// <summary>Runs the program to completion, asking <paramref name="policy"/> for compute after each wave.</summary>
    public async ValueTask<ProgramResult> RunAsync(IReasoningEngine engine, IAllocationPolicy policy, CancellationToken cancellationToken = default)
    {
        while (Progress.Remaining > 0)
        {
            var grant = Math.Min(policy.Next(Progress), Progress.Remaining);
            if (grant <= 0)
                break;
            await ExpandAsync(engine, grant, cancellationToken).ConfigureAwait(false);
        }
        return Result();
    }

    /// <summary>
    /// Draws <paramref name="count"/> more samples concurrently and adds them to the vote in request order, so the
    /// outcome does not depend on which request finished first. For allocators that decide across programs.
    /// </summary>
    public async ValueTask ExpandAsync(IReasoningEngine engine, int count, CancellationToken cancellationToken = default)
    {
        count = Math.Min(count, Progress.Remaining);
        if (count <= 0)
            return;
        using var span = DynasorActivity.StartStep(DynasorActivity.ScWave);
        span?.SetTag(DynasorActivity.SampleIndex, Progress.Samples);
        span?.SetTag("dynasor.sc.wave.size", count);
        if (count == 1)
        {
            // The common sequential case, and a trace engine completes synchronously: no task array.
            Aggregate(await engine.GenerateAsync(new GenerationRequest(_prompt, Progress.Samples), cancellationToken).ConfigureAwait(false));
            return;
        }

        var first = Progress.Samples;
        using var wave = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new ValueTask<Generation>[count];
        for (var i = 0; i < count; i++)
            pending[i] = engine.GenerateAsync(new GenerationRequest(_prompt, first + i), wave.Token);
        var done = new Generation[count];
        for (var i = 0; i < count; i++)
        {
            try
            {
                done[i] = await pending[i].ConfigureAwait(false);
            }
            catch
            {
                // A sample failed or the program was cancelled: stop the rest of the wave and wait for it, so the
                // program never returns while its requests are still open. The first failure is the one reported.
                await wave.CancelAsync().ConfigureAwait(false);
                for (var j = i + 1; j < count; j++)
                {
                    try
                    {
                        await pending[j].ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        // Expected: cancelled by the line above.
                    }
                }
                throw;
            }
        }
        foreach (var generation in done)
            Aggregate(generation);
    }

    /// <summary>The answer as of now under the program's rule, with one sample that gave it.</summary>
    public ProgramResult Result()
    {
        var votes = Progress.Votes;
        var key = Progress.AnswerKey;
        Generation? example = key is null ? null : _exampleByKey[key];
        return new ProgramResult(key, example?.Answer, example?.Text ?? "", Progress.Samples, Progress.Tokens, Progress.Certaindex, votes);
    }

    private void Aggregate(Generation generation)
    {
        var key = generation.AnswerKey ?? AnswerKey.Of(generation.Answer ?? AnswerExtractor.Extract(generation.Text));
        if (key.Length > 0)
            _exampleByKey.TryAdd(key, generation.Answer is null ? generation with { Answer = AnswerExtractor.Extract(generation.Text) } : generation);
        Progress.Record(key, generation.Tokens, generation.Reward);
    }
}
