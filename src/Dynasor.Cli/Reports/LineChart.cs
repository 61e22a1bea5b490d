using System.Globalization;
using System.Net;
using System.Text;

namespace Dynasor.Cli.Reports;

/// <summary>
/// A general x-y chart as inline SVG on <see cref="AxisScale"/> axes: one polyline with circle markers per series
/// (or markers only, for scatter), an optional dashed horizontal reference line, and a legend to the right.
/// </summary>
internal static class LineChart
{
    private const double Width = 820;
    private const double Height = 400;
    private const double Left = 68;
    private const double Top = 46;
    private const double Right = Width - 196;
    private const double Bottom = Height - 56;
    private const double Inset = 7;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One line: a legend label, a CSS color and its points in drawing order.</summary>
    public sealed record Series(string Label, string Color, IReadOnlyList<(double X, double Y)> Points);

    /// <summary>Appends the chart's <c>&lt;svg&gt;</c>; non-finite points are left out.</summary>
    public static void Render(StringBuilder html, string title, string xLabel, string yLabel, IReadOnlyList<Series> series,
        bool connect = true, double? reference = null, double yFloor = double.NegativeInfinity, double yCeiling = double.PositiveInfinity)
    {
        var drawn = series.Select(s => s with { Points = s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList() }).ToList();
        var all = drawn.SelectMany(s => s.Points).ToList();
        var ys = all.Select(p => p.Y).Concat(reference is { } r ? [r] : []).ToList();
        var x = all.Count == 0 ? AxisScale.Nice(0, 1) : AxisScale.Nice(all.Min(p => p.X), all.Max(p => p.X), floor: 0);
        var y = ys.Count == 0 ? AxisScale.Nice(0, 1) : AxisScale.Nice(ys.Min(), ys.Max(), floor: yFloor, ceiling: yCeiling);
        double Px(double v) => x.Map(v, Left + Inset, Right - Inset);
        double Py(double v) => y.Map(v, Bottom - Inset, Top + Inset);

        html.Append(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{E(title)}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n");
        html.Append(Inv, $"<title>{E(title)}</title><rect width=\"{Width}\" height=\"{Height}\" fill=\"#fff\"/>\n");
        html.Append(Inv, $"<text x=\"{N((Left + Right) / 2)}\" y=\"26\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"600\">{E(title)}</text>\n");
        html.Append("<g stroke=\"#e4e4e4\">");
        foreach (var t in x.Ticks())
            html.Append(Inv, $"<line x1=\"{N(Px(t))}\" y1=\"{Top}\" x2=\"{N(Px(t))}\" y2=\"{Bottom}\"/>");
        foreach (var t in y.Ticks())
            html.Append(Inv, $"<line x1=\"{Left}\" y1=\"{N(Py(t))}\" x2=\"{Right}\" y2=\"{N(Py(t))}\"/>");
        html.Append("</g>\n");
        html.Append(Inv, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Right - Left}\" height=\"{Bottom - Top}\" fill=\"none\" stroke=\"#888\"/>\n<g fill=\"#444\">");
        foreach (var t in x.Ticks())
            html.Append(Inv, $"<text x=\"{N(Px(t))}\" y=\"{Bottom + 17}\" text-anchor=\"middle\">{x.Label(t)}</text>");
        foreach (var t in y.Ticks())
            html.Append(Inv, $"<text x=\"{Left - 7}\" y=\"{N(Py(t) + 4)}\" text-anchor=\"end\">{y.Label(t)}</text>");
        html.Append("</g>\n");
        html.Append(Inv, $"<text x=\"{N((Left + Right) / 2)}\" y=\"{Height - 14}\" text-anchor=\"middle\" font-size=\"13\">{E(xLabel)}</text>\n");
        html.Append(Inv, $"<text transform=\"translate(18 {N((Top + Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">{E(yLabel)}</text>\n");
        if (reference is { } refY)
            html.Append(Inv, $"<line class=\"reference\" x1=\"{Left}\" y1=\"{N(Py(refY))}\" x2=\"{Right}\" y2=\"{N(Py(refY))}\" stroke=\"#999\" stroke-dasharray=\"5 4\"/>\n");
        foreach (var s in drawn)
        {
            html.Append(Inv, $"<g class=\"series\" data-label=\"{E(s.Label)}\">");
            if (connect && s.Points.Count > 1)
                html.Append(Inv, $"<polyline points=\"{string.Join(' ', s.Points.Select(p => $"{N(Px(p.X))},{N(Py(p.Y))}"))}\" fill=\"none\" stroke=\"{E(s.Color)}\" stroke-width=\"2\"/>");
            foreach (var p in s.Points)
                html.Append(Inv, $"<circle cx=\"{N(Px(p.X))}\" cy=\"{N(Py(p.Y))}\" r=\"4\" fill=\"{E(s.Color)}\" stroke=\"#fff\"><title>{E(s.Label)}: ({p.X.ToString("G4", Inv)}, {p.Y.ToString("G4", Inv)})</title></circle>");
            html.Append("</g>\n");
        }
        Legend(html, drawn.Select(s => (s.Label, s.Color)).ToList(), Right + 14, Top);
        html.Append("</svg>\n");
    }

    /// <summary>A legend of colored swatches, one row per entry, from (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public static void Legend(StringBuilder html, IReadOnlyList<(string Label, string Color)> entries, double left, double top)
    {
        html.Append("<g class=\"legend\" font-size=\"11.5\">");
        for (var i = 0; i < entries.Count; i++)
        {
            var cy = top + 10 + i * 20;
            html.Append(Inv, $"<rect x=\"{N(left)}\" y=\"{N(cy - 5)}\" width=\"14\" height=\"10\" fill=\"{E(entries[i].Color)}\"/><text x=\"{N(left + 20)}\" y=\"{N(cy + 4)}\">{E(Truncate(entries[i].Label, 26))}</text>");
        }
        html.Append("</g>\n");
    }

    internal static string N(double v) => double.IsFinite(v) ? Math.Round(v, 2).ToString("0.##", Inv) : "0";

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
