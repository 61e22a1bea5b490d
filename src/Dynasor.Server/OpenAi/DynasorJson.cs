using System.Text.Json;
using Dynasor.Server.Modes;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The response's <c>dynasor</c> object. With several choices it sums probes, votes and upstream tokens, reports
/// <c>exited_early</c> if any choice exited early, and the lowest certaindex. A reward-guided program (rebase, mcts, bon,
/// wsc) adds <c>reward</c> (the chosen path's; the lowest over choices), <c>steps</c>, <c>nodes</c>, <c>knob</c>
/// (<c>name</c>, <c>spent</c>, <c>cap</c>) and <c>reward_tokens</c>, summed over choices.
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
        Lowest(json, "certaindex", summaries.Select(s => s.Certaindex));
        json.WriteStartObject("votes");
        foreach (var group in summaries.SelectMany(s => s.Votes).GroupBy(v => v.Key, StringComparer.Ordinal))
            json.WriteNumber(group.Key, group.Sum(v => v.Value));
        json.WriteEndObject();
        json.WriteNumber("upstream_tokens", summaries.Sum(s => s.UpstreamTokens));
        var searches = summaries.Select(s => s.Search).OfType<SearchSummary>().ToList();
        if (searches.Count > 0)
            WriteSearch(json, searches);
        json.WriteEndObject();
    }

    private static void WriteSearch(Utf8JsonWriter json, IReadOnlyList<SearchSummary> searches)
    {
        Lowest(json, "reward", searches.Select(s => s.Reward));
        json.WriteNumber("steps", searches.Sum(s => s.Steps));
        json.WriteNumber("nodes", searches.Sum(s => s.Nodes));
        json.WriteStartObject("knob");
        json.WriteString("name", searches[0].Knob);
        json.WriteNumber("spent", searches.Sum(s => s.KnobSpent));
        json.WriteNumber("cap", searches.Sum(s => s.KnobCap));
        json.WriteEndObject();
        json.WriteNumber("reward_tokens", searches.Sum(s => s.RewardTokens));
    }

    private static void Lowest(Utf8JsonWriter json, string name, IEnumerable<double?> values)
    {
        var lowest = values.Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Min();
        if (double.IsNaN(lowest))
            json.WriteNull(name);
        else
            json.WriteNumber(name, lowest);
    }
}
