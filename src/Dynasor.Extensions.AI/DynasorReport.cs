using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>
/// What Dynasor did for one response: the server's <c>dynasor</c> object (same names when serialised), plus the samples and
/// waves of self-consistency. Found under <c>AdditionalProperties["dynasor"]</c> of the <see cref="ChatResponse"/> and of the
/// last <see cref="ChatResponseUpdate"/> of a stream (<see cref="From(ChatResponse)"/>).
/// </summary>
/// <param name="Mode"><c>cot</c> or <c>sc</c>.</param>
/// <param name="ExitedEarly">Dynasor-CoT cut the chain before the model finished, or self-consistency stopped before its cap.</param>
/// <param name="Probes">Probe answers recorded (Dynasor-CoT; 0 for sc).</param>
/// <param name="Certaindex">Certaindex in [0, 1] when the program stopped: probe consistency (cot) or answer entropy (sc).</param>
/// <param name="Votes">Answer (as first written) to the probes of the last window (cot) or the samples (sc) that gave it.</param>
/// <param name="UpstreamTokens">Every token the inner client generated for the response: chunks, probes and discarded samples included.</param>
public sealed record DynasorReport(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("exited_early")] bool ExitedEarly,
    [property: JsonPropertyName("probes")] int Probes,
    [property: JsonPropertyName("certaindex")] double Certaindex,
    [property: JsonPropertyName("votes")] IReadOnlyDictionary<string, int> Votes,
    [property: JsonPropertyName("upstream_tokens")] long UpstreamTokens)
{
    /// <summary>The key in <c>AdditionalProperties</c>.</summary>
    public const string Key = "dynasor";

    /// <summary>The key in <c>UsageDetails.AdditionalCounts</c> of <see cref="UpstreamTokens"/>.</summary>
    public const string UpstreamTokensCount = "dynasor.upstream_tokens";

    /// <summary>Samples drawn (sc; 0 for cot).</summary>
    [JsonPropertyName("samples")]
    public int Samples { get; init; }

    /// <summary>Waves the allocation policy granted (sc; 0 for cot).</summary>
    [JsonPropertyName("waves")]
    public int Waves { get; init; }

    /// <summary>The answer the program settled on (the agreed probe answer on a cot early exit, the vote's winner for sc); null when none.</summary>
    [JsonPropertyName("answer")]
    public string? Answer { get; init; }

    /// <summary>The report as the server's <c>dynasor</c> JSON object, e.g. <c>{"mode":"cot","exited_early":true,...}</c>.</summary>
    public override string ToString() => JsonSerializer.Serialize(this);

    /// <summary>The report on <paramref name="response"/>; null when Dynasor did not run (mode off).</summary>
    public static DynasorReport? From(ChatResponse response) =>
        response?.AdditionalProperties?.TryGetValue(Key, out var value) == true ? value as DynasorReport : null;

    /// <summary>The report on <paramref name="update"/>; null except on a stream's last update.</summary>
    public static DynasorReport? From(ChatResponseUpdate update) =>
        update?.AdditionalProperties?.TryGetValue(Key, out var value) == true ? value as DynasorReport : null;
}
