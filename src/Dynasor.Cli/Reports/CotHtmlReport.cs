using System.Globalization;
using System.Net;
using System.Text;
using Dynasor.Cli.Output;
using Dynasor.Cot;
using Dynasor.Replay;

namespace Dynasor.Cli.Reports;

/// <summary>
/// The HTML report of <c>replay --mode cot</c>: per trace, the token-to-accuracy chart of the exit rules (one line for the
/// k, T rules, one per certaindex threshold) and their table. Self-contained, like <see cref="HtmlReport"/>.
/// </summary>
internal static class CotHtmlReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(string path, IReadOnlyList<CotReplayResult> results, IReadOnlyList<(string Trace, LiveCheck Check)> checks)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>dynasor replay --mode cot</title>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;color:#222;max-width:900px;margin:0 auto;padding:24px 20px}table{border-collapse:collapse;width:100%;font-size:.9em}")
            .Append("th,td{padding:4px 10px;border-bottom:1px solid #e4e4e4;text-align:right}th:first-child,td:first-child{text-align:left}svg.chart{width:100%;height:auto}</style>\n</head>\n<body>\n");
        html.Append("<h1>dynasor replay --mode cot</h1>\n<p>Dynasor-CoT exit rules replayed over recorded probes with the live rule's code. x: mean tokens the client gets per chain ")
            .Append("(exit position plus the answer's probe tokens, or the whole chain); y: accuracy, or agreement with each chain's own final answer when the trace has no gold answers. ")
            .Append("Only chains that ran to their own end live are evaluated; chains cut live by an exit are left out.</p>\n");
        foreach (var (trace, check) in checks.Where(c => c.Check.Checked > 0))
            html.Append("<p>").Append(E(CotResultWriter.LiveLine(trace, check))).Append("</p>\n");
        foreach (var group in results.GroupBy(r => r.Trace, StringComparer.Ordinal))
        {
            var rows = group.ToList();
            var series = rows.GroupBy(Series).Select((g, i) => new ChartSeries(g.Key, HtmlReport.ColorOf(i), i, g.Select(AsReplay).OrderBy(r => r.TokensPerQuestion).ToList())).ToList();
            html.Append("<h2>").Append(E(group.Key)).Append("</h2>\n");
            TokenAccuracyChart.Render(html, group.Key, series);
            html.Append("<table><thead><tr><th>Rule</th><th>Chains</th><th>Exits</th><th>").Append(rows.All(r => r.Labelled) ? "Accuracy" : "Agreement")
                .Append(" (%)</th><th>Tokens / chain</th><th>Saving vs end</th><th>Probes / chain</th></tr></thead><tbody>\n");
            foreach (var r in rows)
                html.Append(Inv, $"<tr><td>{E(r.Policy)}</td><td>{r.Chains}</td><td>{r.Exits}</td><td>{r.Accuracy * 100:F1}</td><td>{r.TokensPerChain:F0}</td><td>{SavingFormat.Percent(r.SavingVsChainEnd)}</td><td>{r.ProbesPerChain:F2}</td></tr>\n");
            html.Append("</tbody></table>\n");
        }
        html.Append("</body>\n</html>\n");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    // The k, T rules form one line; each certaindex threshold its own.
    private static string Series(CotReplayResult r)
    {
        var at = r.Policy.IndexOf("certaindex>=", StringComparison.Ordinal);
        return at < 0 ? "k, T rules" : r.Policy[at..].TrimEnd(')');
    }

    private static ReplayResult AsReplay(CotReplayResult r) =>
        new(r.Trace, r.Policy, r.Chains, 1, r.Accuracy, 0, r.ProbesPerChain, r.TokensPerChain, 0, r.SavingVsChainEnd) { Program = "cot" };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
