using System.Globalization;
using System.Net;
using System.Text;
using Dynasor.Simulation;

namespace Dynasor.Cli.Reports;

/// <summary>
/// A self-contained HTML report of a simulation sweep, after the paper's online evaluation: attainment against rate,
/// against SLO scale, accuracy against attainment, and the breakdown (mean latency per combination, as Figure 10;
/// peak sustainable rate relative to the first combination, as Figure 11). One color per allocation x scheduler.
/// </summary>
internal static class SimulationReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(string path, string title, IReadOnlyList<SimulationResult> results, IReadOnlyList<SimulationSummary> summary) =>
        File.WriteAllText(path, Render(title, results, summary));

    public static string Render(string title, IReadOnlyList<SimulationResult> results, IReadOnlyList<SimulationSummary> summary)
    {
        var combos = summary.Select((s, i) => (Label: ShortLabel(summary, s), Color: HtmlReport.ColorOf(i), s)).ToList();
        List<SimulationResult> Of(SimulationSummary s) => results.Where(r => r.Allocation == s.Allocation && r.Scheduler == s.Scheduler).ToList();
        var rateScale = summary.Count > 0 ? summary[0].RateSloScale : 1;
        var sloRate = summary.Count > 0 ? summary[0].SloRate : 0;

        var html = new StringBuilder();
        html.Append(Inv, $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{E(title)}</title>\n<style>\n");
        html.Append("body{font-family:system-ui,sans-serif;color:#222;background:#fafafa;margin:0}main{max-width:900px;margin:0 auto;padding:24px 20px 48px}svg.chart{display:block;width:100%;height:auto;border:1px solid #ddd;border-radius:4px;background:#fff;margin:14px 0}table{border-collapse:collapse;font-size:.9em;width:100%;background:#fff}th,td{padding:4px 8px;border-bottom:1px solid #e4e4e4;text-align:right}th:first-child,td:first-child{text-align:left}p.about{line-height:1.45;max-width:46em}\n</style>\n</head>\n<body>\n<main>\n");
        html.Append(Inv, $"<h1>{E(title)}</h1>\n");
        html.Append(Inv, $"<p class=\"about\">Simulated serving of self-consistency programs. A program meets its deadline when it answers within SLO scale x difficulty factor (1 every recorded sample right, 2 some, 3 none) x base deadline. The dashed line marks 90% attainment. Rates are judged at SLO scale {rateScale.ToString("0.###", Inv)}; SLO scales at {sloRate.ToString("0.###", Inv)} programs/s.</p>\n");

        html.Append("<h2>Deadline attainment against program rate</h2>\n");
        LineChart.Render(html, $"Attainment vs rate (SLO scale {rateScale.ToString("0.###", Inv)})", "Programs per second", "Attainment (%)",
            combos.Select(c => new LineChart.Series(c.Label, c.Color, Of(c.s).Where(r => r.SloScale == rateScale).Select(r => (r.Rate, r.Attainment * 100)).ToList())).ToList(),
            reference: 90, yFloor: 0, yCeiling: 100);
        html.Append("<h2>Deadline attainment against SLO scale</h2>\n");
        LineChart.Render(html, $"Attainment vs SLO scale ({sloRate.ToString("0.###", Inv)} programs/s)", "SLO scale", "Attainment (%)",
            combos.Select(c => new LineChart.Series(c.Label, c.Color, Of(c.s).Where(r => r.Rate == sloRate).Select(r => (r.SloScale, r.Attainment * 100)).ToList())).ToList(),
            reference: 90, yFloor: 0, yCeiling: 100);
        html.Append("<h2>Accuracy against attainment</h2>\n");
        LineChart.Render(html, "Accuracy vs attainment (every rate and SLO scale)", "Attainment (%)", "Accuracy (%)",
            combos.Select(c => new LineChart.Series(c.Label, c.Color, Of(c.s).Select(r => (r.Attainment * 100, r.Accuracy * 100)).ToList())).ToList(),
            connect: false, yFloor: 0, yCeiling: 100);

        // Figure 10's load: the highest rate the first combination (the baseline) still sustains, else the lowest rate.
        var breakdownRate = summary.Count > 0 && summary[0].MaxRateAt90 is { } m ? m : sloRate;
        html.Append("<h2>Breakdown</h2>\n");
        BarChart.Render(html, $"Mean program latency at {breakdownRate.ToString("0.###", Inv)} programs/s (cf. Figure 10)", "Mean latency (s)",
            combos.Select(c => (c.Label, c.Color, Of(c.s).Where(r => r.Rate == breakdownRate && r.SloScale == rateScale).Select(r => r.MeanLatency).DefaultIfEmpty(double.NaN).First())).ToList(), "0.0");
        var baseRate = summary.Count > 0 ? summary[0].MaxRateAt90 : null;
        BarChart.Render(html, "Peak rate at 90% attainment, relative to the first combination (cf. Figure 11)", "x the first combination's peak rate",
            combos.Select(c => (c.Label, c.Color, c.s.MaxRateAt90 is { } r && baseRate is { } b && b > 0 ? r / b : double.NaN)).ToList(), "0.00");

        html.Append("<h2>Summary</h2>\n<table><tr><th>Allocation + scheduler</th><th>Max rate at 90%</th><th>Min SLO scale at 90%</th></tr>\n");
        foreach (var c in combos)
            html.Append(Inv, $"<tr><td>{E(c.Label)}: {E(c.s.Allocation)}</td><td>{E(Output.SimulationWriter.MaxRate(c.s))}</td><td>{E(Output.SimulationWriter.MinSloScale(c.s))}</td></tr>\n");
        html.Append("</table>\n<h2>Results</h2>\n<table><tr><th>Allocation + scheduler</th><th>Rate</th><th>SLO</th><th>Attainment %</th><th>Mean s</th><th>P90 s</th><th>Accuracy %</th><th>Tokens/program</th><th>Engine tok/s</th></tr>\n");
        foreach (var r in results)
        {
            html.Append(Inv, $"<tr><td>{E(r.Allocation)} + {E(r.Scheduler)}</td><td>{r.Rate:0.###}</td><td>{r.SloScale:0.###}</td><td>{r.Attainment * 100:0.0}</td><td>{r.MeanLatency:0.0}</td><td>{r.P90Latency:0.0}</td><td>{r.Accuracy * 100:0.0}</td><td>{r.TokensPerProgram:0}</td><td>{r.TokenThroughput:0}</td></tr>\n");
        }
        html.Append("</table>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    // Charts name a combination by the allocation's family (the spec before ':'), numbered when two specs share one;
    // the tables below them give the full spec.
    private static string ShortLabel(IReadOnlyList<SimulationSummary> summary, SimulationSummary s)
    {
        static string Family(string spec) => spec.Split(':')[0];
        var specs = summary.Select(x => x.Allocation).Distinct().Where(a => Family(a) == Family(s.Allocation)).ToList();
        var family = specs.Count > 1 ? $"{Family(s.Allocation)}#{specs.IndexOf(s.Allocation) + 1}" : Family(s.Allocation);
        return $"{family} + {s.Scheduler}";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
