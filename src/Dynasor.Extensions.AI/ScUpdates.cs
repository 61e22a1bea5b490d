using System.Runtime.CompilerServices;
using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>
/// <c>mode: sc</c> as chat updates, as the server's ScMode answers: samples drawn in waves while the policy asks for more,
/// then the full text of one sample that gave the majority answer, in one update, and the last update with the report.
/// </summary>
internal static class ScUpdates
{
    public static async IAsyncEnumerable<ChatResponseUpdate> RunAsync(
        IStreamingEngine engine, ContinuationRequest request, DynasorChatOptions settings, ResponseUpdates updates, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var policy = Policy(settings.Policy);
        // Sample i uses seed + i; without a seed every request draws fresh samples, as the server does.
        if (request.Sampling.Seed is null)
            request = request with { Sampling = request.Sampling with { Seed = Random.Shared.NextInt64(1, 1L << 40) } };
        var samples = new StreamingReasoningEngine(engine, request);
        var result = await AdaptiveSelfConsistency.RunAsync(samples, policy, settings.ScOptions(), null, cancellationToken).ConfigureAwait(false);
        yield return updates.Text(result.Text, result.Reasoning);
        var report = new DynasorReport("sc", result.Samples < settings.MaxSamples, 0, result.Certaindex, result.Votes, result.UpstreamTokens)
        {
            Samples = result.Samples,
            Waves = result.Waves,
            Answer = result.Answer,
        };
        yield return updates.Final(null, result.FinishReason, result.PromptTokens, result.TextTokens, report);
    }

    private static IAllocationPolicy Policy(string spec)
    {
        try
        {
            return PolicyCatalog.Create(PolicyCatalog.Parse(spec));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ArgumentException($"policy '{spec}' is not usable: {e.Message}; give a policy file written by 'dynasor calibrate --out' or a spec such as 'settle'", e);
        }
    }
}
