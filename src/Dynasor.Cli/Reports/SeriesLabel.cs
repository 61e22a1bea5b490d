using Dynasor.Replay;

namespace Dynasor.Cli.Reports;

/// <summary>
/// How a replay result is grouped into a chart line: by policy family, by the certaindex gate of a threshold family
/// (a static policy on max reward is another curve than one on entropy), and by program when the report has more than
/// self-consistency (one line per program and family, the programs told apart by dashes).
/// </summary>
internal static class SeriesLabel
{
    /// <summary>
    /// The gate suffix of a threshold spec: <c>/max</c>, <c>/share</c>, <c>/mean</c>, joined with <c>ent</c> when an
    /// entropy threshold is also set (<c>/ent+max</c>); empty for an entropy-only spec and for other families.
    /// </summary>
    public static string Gate(string policy)
    {
        var family = HtmlReport.FamilyOf(policy);
        var colon = policy.IndexOf(':');
        if (family is not ("static" or "stepped") || colon < 0)
            return "";
        var parameters = policy[(colon + 1)..].Split(',')
            .Select(p => p.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim(), StringComparer.Ordinal);
        var gates = new List<string>();
        foreach (var (name, label) in new[] { ("max_reward", "max"), ("share", "share"), ("reward", "mean") })
        {
            if (parameters.TryGetValue(name, out var v) && v.Length > 0 && v != "0")
                gates.Add(label);
        }
        if (gates.Count == 0)
            return "";
        if (parameters.TryGetValue("threshold", out var t) && t != "0")
            gates.Insert(0, "ent");
        return "/" + string.Join('+', gates);
    }

    /// <summary>The family with its gate, the colour key: the same in every chart and under every program.</summary>
    public static string Family(ReplayResult r) => HtmlReport.FamilyOf(r.Policy) + Gate(r.Policy);

    /// <summary>The legend label: <see cref="Family"/>, after the program when <paramref name="withProgram"/>.</summary>
    public static string Of(ReplayResult r, bool withProgram) => withProgram ? $"{r.Program} {Family(r)}" : Family(r);

    /// <summary>Whether the results need the program in their labels: some ran another program than <c>sc</c>.</summary>
    public static bool WithPrograms(IEnumerable<ReplayResult> results) => results.Any(r => r.Program != ReplayProgram.Sc.Name);

    /// <summary>The line's dash pattern per program: <c>sc</c> solid, <c>wsc</c> dashed, <c>bon</c> dotted.</summary>
    public static string? Dash(string program) => program switch
    {
        "wsc" => "7 4",
        "bon" => "2 3",
        _ => null,
    };
}
