using System.Globalization;
using System.Net;
using System.Text;
using Dynasor.Cli.Output;
using Dynasor.Replay;

namespace Dynasor.Cli.Reports;

/// <summary>
/// A self-contained HTML report of replay results: for each trace, a token-to-accuracy chart (inline SVG, one line per
/// policy family, like the paper's Figure 8) and a table of every result. No scripts, fonts or other external files,
/// so it opens offline and can be mailed as one file.
/// </summary>
internal static class HtmlReport
{
    // Tableau 10, reordered so the weakest color on white (yellow) comes late.
    private static readonly string[] Palette =
        ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#9c755f", "#ff9da7", "#edc948", "#bab0ac"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #222; background: #fafafa; margin: 0; }
        main { max-width: 900px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 1.5em; margin: 0 0 0.4em; }
        h2 { font-size: 1.15em; margin: 2.2em 0 0.2em; overflow-wrap: anywhere; }
        p.about { line-height: 1.45; color: #333; max-width: 46em; }
        p.meta { color: #666; margin: 0 0 0.6em; font-size: 0.92em; }
        nav ul { padding-left: 1.2em; margin: 0.4em 0; }
        nav a { color: #2b5d8a; overflow-wrap: anywhere; }
        svg.chart { display: block; width: 100%; height: auto; box-sizing: border-box; border: 1px solid #ddd; border-radius: 4px; background: #fff; }
        table { border-collapse: collapse; margin-top: 12px; font-size: 0.9em; width: 100%; background: #fff; }
        th, td { padding: 4px 10px; border-bottom: 1px solid #e4e4e4; text-align: right; white-space: nowrap; }
        th { background: #f0f0f0; font-weight: 600; border-bottom: 1px solid #ccc; white-space: normal; vertical-align: bottom; }
        th:first-child, td:first-child { text-align: left; white-space: normal; }
        .spec { display: flex; align-items: baseline; }
        td { font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #f7f7f7; }
        .swatch { flex: none; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
        .policy { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.95em; overflow-wrap: break-word; min-width: 0; }
        .std { color: #777; }
        """;

    /// <summary>Renders the report as one HTML document.</summary>
    /// <param name="title">Page title and heading.</param>
    /// <param name="results">Results of any number of traces and policies; traces and families appear in first-seen order.</param>
    public static string Render(string title, IReadOnlyList<ReplayResult> results)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(results);

        // Colors and marker shapes are fixed per family across the whole report, so "ac" looks the same in every chart
        // and under every program; programs differ by dashes.
        var families = results.Select(SeriesLabel.Family).Distinct(StringComparer.Ordinal).ToList();
        var programs = results.Select(r => r.Program).Distinct(StringComparer.Ordinal).ToList();
        var withPrograms = SeriesLabel.WithPrograms(results);
        var traces = results.GroupBy(r => r.Trace, StringComparer.Ordinal).ToList();

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(Inv, $"<title>{E(title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n<main>\n");
        html.Append(Inv, $"<h1>{E(title)}</h1>\n");
        html.Append("""
            <p class="about">Each chart shows one trace. The x axis is the mean number of output tokens spent per question
            (every drawn sample counted); the y axis is the accuracy of the program's answer in percent (the majority vote
            under sc). Each line is one policy family (the policy spec's text before ':'; /max, /share or /mean when a threshold
            policy stops on a reward instead of entropy), its points sorted by tokens; up and to the left is better. Error bars are
            ±1 standard deviation over the shuffled sample orders: vertical for accuracy, horizontal for tokens. In the tables,
            "saving vs cap" is 1 − tokens / tokens of self-consistency at the sample cap on the same orders: positive when tokens were saved.</p>

            """);
        if (withPrograms)
        {
            html.Append("""
                <p class="about">Results of several programs: each line is one (program, family), labelled with the program first;
                a family keeps its colour under every program, and the line says the program: solid for sc (majority vote), dashed for
                wsc (reward-weighted vote), dotted for bon (best-of-N by reward).</p>

                """);
        }
        html.Append(Inv, $"<p class=\"meta\">{results.Count} {Plural(results.Count, "result", "results")} on {traces.Count} {Plural(traces.Count, "trace", "traces")}.</p>\n");

        if (traces.Count > 1)
        {
            html.Append("<nav><ul>\n");
            for (var i = 0; i < traces.Count; i++)
                html.Append(Inv, $"<li><a href=\"#trace-{i + 1}\">{E(traces[i].Key)}</a></li>\n");
            html.Append("</ul></nav>\n");
        }

        for (var i = 0; i < traces.Count; i++)
            Trace(html, i + 1, traces[i].Key, traces[i].ToList(), families, programs, withPrograms);

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Renders the report and writes it to <paramref name="path"/> as UTF-8, creating the folder if needed.</summary>
    /// <param name="path">The HTML file to write; overwritten if it exists.</param>
    /// <param name="title">Page title and heading.</param>
    /// <param name="results">The results to report.</param>
    public static void Write(string path, string title, IReadOnlyList<ReplayResult> results)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var html = Render(title, results);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        File.WriteAllText(path, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>The family of a policy spec: its text before ':' (the whole spec if there is none), trimmed and lower-case.</summary>
    internal static string FamilyOf(string policy)
    {
        var colon = policy.IndexOf(':');
        var family = (colon < 0 ? policy : policy[..colon]).Trim().ToLowerInvariant();
        return family.Length == 0 ? "(unnamed)" : family;
    }

    /// <summary>The color given to the family at <paramref name="index"/> in first-seen order.</summary>
    internal static string ColorOf(int index) => Palette[index % Palette.Length];

    private static void Trace(StringBuilder html, int number, string trace, List<ReplayResult> results, List<string> families, List<string> programs, bool withPrograms)
    {
        // Within a family, points join left to right; the policy text breaks ties so the order never depends on input order.
        // One family's programs sit next to each other, so the reward programs' lines are read beside the entropy one.
        var series = results
            .GroupBy(r => (Family: SeriesLabel.Family(r), r.Program))
            .Select(g => (Index: families.IndexOf(g.Key.Family), Program: programs.IndexOf(g.Key.Program), Group: g))
            .OrderBy(g => g.Index).ThenBy(g => g.Program)
            .Select(g => new ChartSeries(
                SeriesLabel.Of(g.Group.First(), withPrograms),
                ColorOf(g.Index),
                g.Index,
                g.Group
                    .OrderBy(r => double.IsNaN(r.TokensPerQuestion) ? double.PositiveInfinity : r.TokensPerQuestion)
                    .ThenBy(r => r.Policy, StringComparer.Ordinal)
                    .ToList(),
                SeriesLabel.Dash(g.Group.Key.Program)))
            .ToList();

        html.Append(Inv, $"<section id=\"trace-{number}\">\n<h2>{E(trace)}</h2>\n");
        html.Append(Inv, $"<p class=\"meta\">{Counts(results.Select(r => r.Questions), "question", "questions")}, {Counts(results.Select(r => r.Repeats), "shuffled order", "shuffled orders")}, {results.Count} {Plural(results.Count, "policy", "policies")}.</p>\n");
        TokenAccuracyChart.Render(html, trace, series);

        html.Append(withPrograms ? "<table>\n<thead><tr><th>Program / policy</th><th>Accuracy (%)</th>" : "<table>\n<thead><tr><th>Policy</th><th>Accuracy (%)</th>");
        html.Append("<th>Samples / question</th><th>Tokens / question</th><th>Saving vs cap</th></tr></thead>\n<tbody>\n");
        foreach (var s in series)
        {
            foreach (var r in s.Points)
            {
                // A long spec may wrap, but only after a comma, never inside a number.
                var policy = (withPrograms ? $"{E(r.Program)} · " : "") + E(r.Policy).Replace(",", ",<wbr>", StringComparison.Ordinal).Replace(";", ";<wbr>", StringComparison.Ordinal);
                html.Append(Inv, $"<tr><td><div class=\"spec\"><span class=\"swatch\" style=\"background:{s.Color}\"></span><span class=\"policy\">{policy}</span></div></td>");
                html.Append(Inv, $"<td>{WithStd(r.Accuracy * 100, r.AccuracyStd * 100, "F1")}</td>");
                html.Append(Inv, $"<td>{Number(r.SamplesPerQuestion, "F2")}</td>");
                html.Append(Inv, $"<td>{WithStd(r.TokensPerQuestion, r.TokensStd, "F0")}</td>");
                html.Append(Inv, $"<td>{SavingFormat.Percent(r.TokenSavingVsCap)}</td></tr>\n");
            }
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string WithStd(double value, double std, string format)
    {
        var text = Number(value, format);
        // A missing spread (one order, or NaN) is left out rather than printed as a misleading ± 0.
        return double.IsFinite(value) && double.IsFinite(std) && std > 0
            ? $"{text} <span class=\"std\">± {Number(std, format)}</span>"
            : text;
    }

    private static string Number(double value, string format)
    {
        if (!double.IsFinite(value))
            return "n/a";
        var text = value.ToString(format, Inv);
        // A tiny negative value rounds to "-0.0", which reads like a real loss.
        return text.StartsWith('-') && text.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? text[1..] : text;
    }

    private static string Counts(IEnumerable<int> values, string one, string many)
    {
        var distinct = values.Distinct().Order().ToList();
        var text = string.Join(" / ", distinct.Select(v => v.ToString(Inv)));
        return $"{text} {Plural(distinct.Count == 1 ? distinct[0] : 2, one, many)}";
    }

    private static string Plural(int count, string one, string many) => count == 1 ? one : many;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
