using System.Globalization;
using System.Net;
using System.Text;
using Dynasor.Replay;

namespace Dynasor.Cli.Reports;

/// <summary>
/// Draws one trace's token-to-accuracy chart as inline SVG: tokens per question on x, accuracy in percent on y, one
/// line with markers per policy family, ±1 standard deviation error bars both ways, and a legend to the right.
/// </summary>
internal static class TokenAccuracyChart
{
    private const double Width = 820;
    private const double PlotLeft = 68;
    private const double PlotTop = 46;
    // The legend lives outside the plot, so it can never hide a point.
    private const double PlotRight = Width - 176;
    private const double BottomMargin = 56;
    private const double MinPlotHeight = 340;
    private const double LegendRow = 22;
    private const double MarkerRadius = 4.5;
    private const double CapHalfWidth = 3;
    // Axis ends map this far inside the frame, so a point at an end (100%, 0 tokens) is not cut in half by it.
    private const double Inset = 7;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Appends the chart's <c>&lt;svg&gt;</c> element to <paramref name="html"/>.</summary>
    /// <param name="html">Where the SVG markup goes.</param>
    /// <param name="title">Chart title (the trace name); encoded here.</param>
    /// <param name="series">The lines to draw, in legend order.</param>
    public static void Render(StringBuilder html, string title, IReadOnlyList<ChartSeries> series)
    {
        // Points without a finite accuracy and token count cannot be placed; the table still lists them.
        var drawn = series
            .Select(s => s with { Points = s.Points.Where(IsPlottable).ToList() })
            .ToList();
        var all = drawn.SelectMany(s => s.Points).ToList();

        var x = all.Count == 0
            ? AxisScale.Nice(0, 1)
            : AxisScale.Nice(all.Min(TokensLow), all.Max(TokensHigh), floor: 0);
        var y = all.Count == 0
            ? AxisScale.Nice(0, 100)
            : AxisScale.Nice(all.Min(AccuracyLow), all.Max(AccuracyHigh), floor: 0, ceiling: 100);

        var plotHeight = Math.Max(MinPlotHeight, series.Count * LegendRow + 8);
        var plotBottom = PlotTop + plotHeight;
        var height = plotBottom + BottomMargin;
        double Px(double v) => x.Map(v, PlotLeft + Inset, PlotRight - Inset);
        double Py(double v) => y.Map(v, plotBottom - Inset, PlotTop + Inset);

        var label = $"Tokens per question against accuracy for {title}";
        html.Append(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {N(Width)} {N(height)}\" width=\"{N(Width)}\" height=\"{N(height)}\" role=\"img\" aria-label=\"{E(label)}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        html.Append(Inv, $"<title>{E(label)}</title>\n");
        html.Append(Inv, $"<rect x=\"0\" y=\"0\" width=\"{N(Width)}\" height=\"{N(height)}\" fill=\"#fff\"/>\n");
        html.Append(Inv, $"<text x=\"{N((PlotLeft + PlotRight) / 2)}\" y=\"26\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"600\" fill=\"#222\">{E(Truncate(title, 70))}</text>\n");

        // Grid and tick labels first, so data draw over them.
        html.Append("<g class=\"grid\" stroke=\"#e4e4e4\" stroke-width=\"1\">\n");
        foreach (var t in x.Ticks())
            html.Append(Inv, $"<line x1=\"{N(Px(t))}\" y1=\"{N(PlotTop)}\" x2=\"{N(Px(t))}\" y2=\"{N(plotBottom)}\"/>\n");
        foreach (var t in y.Ticks())
            html.Append(Inv, $"<line x1=\"{N(PlotLeft)}\" y1=\"{N(Py(t))}\" x2=\"{N(PlotRight)}\" y2=\"{N(Py(t))}\"/>\n");
        html.Append("</g>\n");
        html.Append(Inv, $"<rect x=\"{N(PlotLeft)}\" y=\"{N(PlotTop)}\" width=\"{N(PlotRight - PlotLeft)}\" height=\"{N(plotHeight)}\" fill=\"none\" stroke=\"#888\"/>\n");
        html.Append("<g class=\"ticks\" fill=\"#444\">\n");
        foreach (var t in x.Ticks())
            html.Append(Inv, $"<text x=\"{N(Px(t))}\" y=\"{N(plotBottom + 17)}\" text-anchor=\"middle\">{x.Label(t)}</text>\n");
        foreach (var t in y.Ticks())
            html.Append(Inv, $"<text x=\"{N(PlotLeft - 7)}\" y=\"{N(Py(t) + 4)}\" text-anchor=\"end\">{y.Label(t)}</text>\n");
        html.Append("</g>\n");
        html.Append(Inv, $"<text x=\"{N((PlotLeft + PlotRight) / 2)}\" y=\"{N(height - 14)}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">Tokens per question</text>\n");
        html.Append(Inv, $"<text transform=\"translate(18 {N((PlotTop + plotBottom) / 2)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222\">Accuracy (%)</text>\n");

        if (all.Count == 0)
            html.Append(Inv, $"<text x=\"{N((PlotLeft + PlotRight) / 2)}\" y=\"{N((PlotTop + plotBottom) / 2)}\" text-anchor=\"middle\" fill=\"#888\">no results with a finite accuracy and token count</text>\n");

        foreach (var s in drawn)
            Series(html, s, Px, Py);

        Legend(html, series);
        html.Append("</svg>\n");
    }

    private static void Series(StringBuilder html, ChartSeries s, Func<double, double> px, Func<double, double> py)
    {
        if (s.Points.Count == 0)
            return;
        var color = E(s.Color);
        html.Append(Inv, $"<g class=\"series\" data-family=\"{E(s.Family)}\">\n");

        html.Append(Inv, $"<g class=\"error-bars\" stroke=\"{color}\" stroke-width=\"1.2\" opacity=\"0.6\">\n");
        foreach (var p in s.Points)
        {
            var (cx, cy) = (px(p.TokensPerQuestion), py(p.Accuracy * 100));
            if (Std(p.AccuracyStd) > 0)
            {
                var (top, bottom) = (py(AccuracyHigh(p)), py(AccuracyLow(p)));
                html.Append(Inv, $"<line x1=\"{N(cx)}\" y1=\"{N(top)}\" x2=\"{N(cx)}\" y2=\"{N(bottom)}\"/>");
                html.Append(Inv, $"<line x1=\"{N(cx - CapHalfWidth)}\" y1=\"{N(top)}\" x2=\"{N(cx + CapHalfWidth)}\" y2=\"{N(top)}\"/>");
                html.Append(Inv, $"<line x1=\"{N(cx - CapHalfWidth)}\" y1=\"{N(bottom)}\" x2=\"{N(cx + CapHalfWidth)}\" y2=\"{N(bottom)}\"/>\n");
            }
            if (Std(p.TokensStd) > 0)
            {
                var (left, right) = (px(TokensLow(p)), px(TokensHigh(p)));
                html.Append(Inv, $"<line x1=\"{N(left)}\" y1=\"{N(cy)}\" x2=\"{N(right)}\" y2=\"{N(cy)}\"/>");
                html.Append(Inv, $"<line x1=\"{N(left)}\" y1=\"{N(cy - CapHalfWidth)}\" x2=\"{N(left)}\" y2=\"{N(cy + CapHalfWidth)}\"/>");
                html.Append(Inv, $"<line x1=\"{N(right)}\" y1=\"{N(cy - CapHalfWidth)}\" x2=\"{N(right)}\" y2=\"{N(cy + CapHalfWidth)}\"/>\n");
            }
        }
        html.Append("</g>\n");

        if (s.Points.Count > 1)
        {
            var path = string.Join(' ', s.Points.Select(p => $"{N(px(p.TokensPerQuestion))},{N(py(p.Accuracy * 100))}"));
            html.Append(Inv, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-linejoin=\"round\"{DashOf(s)}/>\n");
        }

        foreach (var p in s.Points)
        {
            // A hover tooltip carries the exact numbers, so a crowded chart can still be read point by point.
            var tip = string.Create(Inv,
                $"{p.Policy}: accuracy {p.Accuracy * 100:F1}% ± {Std(p.AccuracyStd) * 100:F1}, {p.TokensPerQuestion:F0} ± {Std(p.TokensStd):F0} tokens/question");
            html.Append("<g class=\"point\">");
            Marker(html, s.Marker, px(p.TokensPerQuestion), py(p.Accuracy * 100), color);
            html.Append(Inv, $"<title>{E(tip)}</title></g>\n");
        }
        html.Append("</g>\n");
    }

    private static void Legend(StringBuilder html, IReadOnlyList<ChartSeries> series)
    {
        var left = PlotRight + 16;
        html.Append("<g class=\"legend\" font-size=\"12.5\" fill=\"#222\">\n");
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var cy = PlotTop + 12 + i * LegendRow;
            var color = E(s.Color);
            html.Append(Inv, $"<g class=\"legend-entry\" data-family=\"{E(s.Family)}\">");
            html.Append(Inv, $"<line x1=\"{N(left)}\" y1=\"{N(cy)}\" x2=\"{N(left + 28)}\" y2=\"{N(cy)}\" stroke=\"{color}\" stroke-width=\"2\"{DashOf(s)}/>");
            Marker(html, s.Marker, left + 14, cy, color);
            html.Append(Inv, $"<text x=\"{N(left + 36)}\" y=\"{N(cy + 4)}\">{E(Truncate(s.Family, 17))}</text></g>\n");
        }
        html.Append("</g>\n");
    }

    private static void Marker(StringBuilder html, int kind, double x, double y, string color)
    {
        const double r = MarkerRadius;
        // A white outline keeps overlapping markers of different families apart.
        var style = $"fill=\"{color}\" stroke=\"#fff\" stroke-width=\"1\"";
        switch (((kind % 6) + 6) % 6)
        {
            case 0:
                html.Append(Inv, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(r)}\" {style}/>");
                break;
            case 1:
                html.Append(Inv, $"<rect x=\"{N(x - r * 0.9)}\" y=\"{N(y - r * 0.9)}\" width=\"{N(r * 1.8)}\" height=\"{N(r * 1.8)}\" {style}/>");
                break;
            case 2:
                html.Append(Inv, $"<polygon points=\"{N(x)},{N(y - r * 1.2)} {N(x + r * 1.1)},{N(y + r * 0.8)} {N(x - r * 1.1)},{N(y + r * 0.8)}\" {style}/>");
                break;
            case 3:
                html.Append(Inv, $"<polygon points=\"{N(x)},{N(y - r * 1.25)} {N(x + r * 1.25)},{N(y)} {N(x)},{N(y + r * 1.25)} {N(x - r * 1.25)},{N(y)}\" {style}/>");
                break;
            case 4:
                html.Append(Inv, $"<polygon points=\"{N(x)},{N(y + r * 1.2)} {N(x + r * 1.1)},{N(y - r * 0.8)} {N(x - r * 1.1)},{N(y - r * 0.8)}\" {style}/>");
                break;
            default:
                // A hollow circle: the sixth shape needs no fill to differ from the first.
                html.Append(Inv, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(r * 0.85)}\" fill=\"#fff\" stroke=\"{color}\" stroke-width=\"2\"/>");
                break;
        }
    }

    private static string DashOf(ChartSeries s) => s.Dash is { } dash ? $" stroke-dasharray=\"{E(dash)}\"" : "";

    private static bool IsPlottable(ReplayResult r) => double.IsFinite(r.Accuracy) && double.IsFinite(r.TokensPerQuestion);

    /// <summary>A usable standard deviation: NaN, infinite or negative ones draw no bar.</summary>
    internal static double Std(double std) => double.IsFinite(std) && std > 0 ? std : 0;

    // Bars are clipped to the possible range: tokens are never negative and accuracy stays within 0..100%.
    private static double TokensLow(ReplayResult r) => Math.Min(r.TokensPerQuestion, Math.Max(0, r.TokensPerQuestion - Std(r.TokensStd)));
    private static double TokensHigh(ReplayResult r) => r.TokensPerQuestion + Std(r.TokensStd);
    private static double AccuracyLow(ReplayResult r) => Math.Min(r.Accuracy * 100, Math.Max(0, (r.Accuracy - Std(r.AccuracyStd)) * 100));
    private static double AccuracyHigh(ReplayResult r) => Math.Max(r.Accuracy * 100, Math.Min(100, (r.Accuracy + Std(r.AccuracyStd)) * 100));

    /// <summary>An SVG coordinate: invariant culture, at most two decimals.</summary>
    private static string N(double v) => double.IsFinite(v) ? Math.Round(v, 2).ToString("0.##", Inv) : "0";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
