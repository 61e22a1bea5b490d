using System.Globalization;
using System.Text;

namespace Dynasor.Cli.Reports;

/// <summary>A horizontal bar chart as inline SVG: one labelled bar per entry, its value printed at the bar's end.</summary>
internal static class BarChart
{
    private const double Width = 820;
    private const double Left = 250;
    private const double Right = Width - 80;
    private const double Top = 46;
    private const double Row = 26;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Appends the chart; a NaN value draws no bar and prints "none".</summary>
    public static void Render(StringBuilder html, string title, string valueLabel, IReadOnlyList<(string Label, string Color, double Value)> bars, string format)
    {
        var finite = bars.Where(b => double.IsFinite(b.Value)).Select(b => b.Value).ToList();
        var axis = AxisScale.Nice(0, finite.Count == 0 ? 1 : Math.Max(finite.Max(), 1e-9), floor: 0);
        var height = Top + bars.Count * Row + 50;
        double Px(double v) => axis.Map(v, Left, Right);
        html.Append(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {LineChart.N(height)}\" width=\"{Width}\" height=\"{LineChart.N(height)}\" role=\"img\" aria-label=\"{LineChart.E(title)}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n");
        html.Append(Inv, $"<title>{LineChart.E(title)}</title><rect width=\"{Width}\" height=\"{LineChart.N(height)}\" fill=\"#fff\"/>\n");
        html.Append(Inv, $"<text x=\"{Width / 2}\" y=\"26\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"600\">{LineChart.E(title)}</text>\n");
        var bottom = Top + bars.Count * Row;
        foreach (var t in axis.Ticks())
        {
            html.Append(Inv, $"<line x1=\"{LineChart.N(Px(t))}\" y1=\"{Top}\" x2=\"{LineChart.N(Px(t))}\" y2=\"{LineChart.N(bottom)}\" stroke=\"#e4e4e4\"/>");
            html.Append(Inv, $"<text x=\"{LineChart.N(Px(t))}\" y=\"{LineChart.N(bottom + 16)}\" text-anchor=\"middle\" fill=\"#444\">{axis.Label(t)}</text>\n");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, color, value) = bars[i];
            var y = Top + i * Row;
            html.Append(Inv, $"<text x=\"{Left - 8}\" y=\"{LineChart.N(y + 17)}\" text-anchor=\"end\">{LineChart.E(label)}</text>");
            if (double.IsFinite(value))
            {
                html.Append(Inv, $"<rect class=\"bar\" x=\"{Left}\" y=\"{LineChart.N(y + 5)}\" width=\"{LineChart.N(Math.Max(0, Px(value) - Left))}\" height=\"{Row - 8}\" fill=\"{LineChart.E(color)}\"/>");
                html.Append(Inv, $"<text x=\"{LineChart.N(Px(value) + 5)}\" y=\"{LineChart.N(y + 17)}\">{value.ToString(format, Inv)}</text>\n");
            }
            else
            {
                html.Append(Inv, $"<text x=\"{Left + 5}\" y=\"{LineChart.N(y + 17)}\" fill=\"#888\">none</text>\n");
            }
        }
        html.Append(Inv, $"<text x=\"{(Left + Right) / 2}\" y=\"{LineChart.N(height - 10)}\" text-anchor=\"middle\" font-size=\"13\">{LineChart.E(valueLabel)}</text>\n</svg>\n");
    }
}
