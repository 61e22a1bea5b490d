using System.Runtime.CompilerServices;
using Dynasor.Cot;
using Dynasor.Engines;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Modes;

/// <summary>
/// <c>mode: cot</c>: Dynasor-CoT. The chain streams to the client as it is generated; probes never do; on an early
/// exit the agreed answer follows. The effort preset sets window and probe interval unless the request sets them.
/// </summary>
internal sealed class CotMode : IChatMode
{
    public async IAsyncEnumerable<ModeEvent> RunAsync(
        IStreamingEngine engine, ContinuationRequest request, DynasorSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = OptionsFor(settings, request);
        long passed = 0;
        await foreach (var e in DynasorCot.RunAsync(engine, request, options, cancellationToken).WithCancellation(cancellationToken))
        {
            if (e.Summary is not { } s)
            {
                passed += e.Tokens;
                yield return new ModeEvent(e.Text, e.Reasoning, e.Tokens);
                continue;
            }
            // The client also received the probe tokens that spelled the appended answer.
            var appended = (int)Math.Max(0, s.CompletionTokens - passed);
            yield return new ModeEvent(e.Text, e.Reasoning, appended, s.FinishReason,
                new ModeSummary("cot", s.ExitedEarly, s.Probes, s.Certaindex, s.Votes, s.UpstreamTokens) { PromptTokens = s.PromptTokens });
        }
    }

    /// <summary>The Dynasor-CoT settings a request runs with: its effort preset, with the settings it gives laid over.</summary>
    internal static CotOptions OptionsFor(DynasorSettings settings, ContinuationRequest request)
    {
        var preset = CotOptions.FromEffort(settings.Effort);
        return preset with
        {
            ProbeInterval = settings.ProbeInterval ?? preset.ProbeInterval,
            Window = settings.Window ?? preset.Window,
            ProbeMaxTokens = settings.ProbeMaxTokens ?? preset.ProbeMaxTokens,
            ProbeTailTokens = settings.ProbeTailTokens ?? preset.ProbeTailTokens,
            // The request's own limit governs the chain; the server bounded it when parsing.
            MaxTokens = request.MaxTokens,
        };
    }
}
