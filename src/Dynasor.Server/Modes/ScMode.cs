using System.Runtime.CompilerServices;
using Dynasor.Answers;
using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Scheduling;
using Dynasor.Traces;

namespace Dynasor.Server.Modes;

/// <summary>
/// <c>mode: sc</c>: adaptive self-consistency. Samples are drawn in waves while the allocation policy asks for more;
/// the client gets the full text of one sample that gave the majority answer, in one piece once the vote is done.
/// </summary>
internal sealed class ScMode : IChatMode
{
    public async IAsyncEnumerable<ModeEvent> RunAsync(
        IStreamingEngine engine, ContinuationRequest request, DynasorSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Sample i uses seed + i; without a client seed every request draws fresh samples, as OpenAI's API does.
        if (request.Sampling.Seed is null)
            request = request with { Sampling = request.Sampling with { Seed = Random.Shared.NextInt64(1, 1L << 40) } };
        var policy = ModePolicy.Create(settings);
        // A scheduled engine reads the program's votes to predict its remaining work (certaindex-SJF).
        var samples = new StreamingReasoningEngine(engine, request);
        var result = await AdaptiveSelfConsistency.RunAsync(samples, policy, new ScOptions(settings.MaxSamples), engine is ScheduledProgram scheduled ? scheduled.Track : null, cancellationToken);
        yield return new ModeEvent(result.Text, result.Reasoning, result.TextTokens);
        yield return new ModeEvent("", null, 0, result.FinishReason,
            new ModeSummary("sc", result.Samples < settings.MaxSamples, 0, result.Certaindex, result.Votes, result.UpstreamTokens)
            {
                PromptTokens = result.PromptTokens,
                Seen = Seen(samples, result.Samples),
            });
    }

    // The samples the vote counted, for the recorder, answers read as the vote read them: the program drew 0..count-1.
    private static List<TraceSample> Seen(StreamingReasoningEngine samples, int count)
    {
        var seen = new List<TraceSample>(count);
        for (var i = 0; i < count; i++)
        {
            if (samples.Samples.TryGetValue(i, out var s))
                seen.Add(new TraceSample(AnswerExtractor.Extract(s.Text), s.Tokens, Reward: s.Reward, Text: s.Text));
        }
        return seen;
    }
}
