using System.Text.Json;
using Dynasor.Server.Modes;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The response's <c>dynasor</c> object. With several choices it sums probes, votes and upstream tokens, reports
/// <c>exited_early</c> if any choice exited early, and the lowest certaindex.
/// </summary>
public static class DynasorJson
{
    /// <summary>Writes <c>"dynasor":{...}</c> into the open object.</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<ModeSummary> summaries)
    {
        json.WriteStartObject("dynasor");
        json.WriteString("mode", summaries.Count > 0 ? summaries[0].Mode : "off");
        json.WriteBoolean("exited_early", summaries.Any(s => s.ExitedEarly));
        json.WriteNumber("probes", summaries.Sum(s => s.Probes));
        var certaindex = summaries.Where(s => s.Certaindex is not null).Select(s => s.Certaindex!.Value).DefaultIfEmpty(double.NaN).Min();
        if (double.IsNaN(certaindex))
            json.WriteNull("certaindex");
        else
            json.WriteNumber("certaindex", certaindex);
        json.WriteStartObject("votes");
        foreach (var group in summaries.SelectMany(s => s.Votes).GroupBy(v => v.Key, StringComparer.Ordinal))
            json.WriteNumber(group.Key, group.Sum(v => v.Value));
        json.WriteEndObject();
        json.WriteNumber("upstream_tokens", summaries.Sum(s => s.UpstreamTokens));
        json.WriteEndObject();
    }
}
