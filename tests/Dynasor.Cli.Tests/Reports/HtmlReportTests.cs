using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dynasor.Cli.Reports;
using Dynasor.Replay;
using Xunit;

namespace Dynasor.Cli.Tests.Reports;

public sealed class HtmlReportTests
{
    private static ReplayResult Result(
        string trace, string policy, double accuracy = 0.9, double tokens = 1000,
        double accuracyStd = 0.01, double tokensStd = 50, double samples = 5, double saving = 0.5) =>
        new(trace, policy, 30, 10, accuracy, accuracyStd, samples, tokens, tokensStd, saving);

    private static readonly ReplayResult[] TwoTraces =
    [
        Result("math.jsonl", "sc:n=5", 0.90, 1000),
        Result("math.jsonl", "sc:n=10", 0.92, 2000),
        Result("math.jsonl", "ac:confidence=0.95", 0.91, 800),
        Result("math.jsonl", "settle:after=16,lead=3,share=0.3", 0.93, 700),
        Result("code.jsonl", "sc:n=5", 0.50, 3000),
        Result("code.jsonl", "batch:budget=500,initial=1", 0.55, 500),
    ];

    private static int Count(string text, string pattern) => Regex.Matches(text, pattern).Count;

    private static string Svg(string html, int index) => Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline)[index].Value;

    [Fact]
    public void Render_TwoTraces_OneSvgPerTrace()
    {
        var html = HtmlReport.Render("Report", TwoTraces);

        Assert.Equal(2, Count(html, "<svg "));
        Assert.Equal(2, Count(html, "</svg>"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoTraces_SvgIsWellFormedXml()
    {
        var html = HtmlReport.Render("Report", TwoTraces);

        for (var i = 0; i < 2; i++)
        {
            var svg = XElement.Parse(Svg(html, i));
            Assert.Equal("svg", svg.Name.LocalName);
        }
    }

    [Fact]
    public void Render_TwoTraces_LegendEntryPerFamilyInEachChart()
    {
        var html = HtmlReport.Render("Report", TwoTraces);

        var math = Svg(html, 0);
        Assert.Equal(3, Count(math, "class=\"legend-entry\""));
        foreach (var family in new[] { "sc", "ac", "settle" })
            Assert.Contains($"class=\"legend-entry\" data-family=\"{family}\"", math, StringComparison.Ordinal);

        var code = Svg(html, 1);
        Assert.Equal(2, Count(code, "class=\"legend-entry\""));
        Assert.Contains("data-family=\"batch\"", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoTraces_TableRowPerResult()
    {
        var html = HtmlReport.Render("Report", TwoTraces);

        Assert.Equal(TwoTraces.Length, Count(html, "<tr><td>"));
        var cells = html.Replace("<wbr>", "", StringComparison.Ordinal);
        foreach (var r in TwoTraces)
            Assert.Contains($"<span class=\"policy\">{r.Policy}</span>", cells, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LongPolicy_BreaksOnlyAfterCommas()
    {
        var html = HtmlReport.Render("r", [Result("t", "settle:after=16,lead=3,share=0.3")]);

        Assert.Contains("settle:after=16,<wbr>lead=3,<wbr>share=0.3</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoTraces_MarkerPerResult()
    {
        var html = HtmlReport.Render("Report", TwoTraces);

        Assert.Equal(TwoTraces.Length, Count(html, "<g class=\"point\">"));
    }

    [Fact]
    public void Render_FamilyPoints_TableSortedByTokens()
    {
        var html = HtmlReport.Render("Report",
        [
            Result("t", "sc:n=20", tokens: 4000),
            Result("t", "sc:n=1", tokens: 200),
            Result("t", "sc:n=5", tokens: 1000),
        ]);

        var first = html.IndexOf("sc:n=1<", StringComparison.Ordinal);
        var second = html.IndexOf("sc:n=5<", StringComparison.Ordinal);
        var third = html.IndexOf("sc:n=20<", StringComparison.Ordinal);
        Assert.True(first < second && second < third);
    }

    [Fact]
    public void Render_ScriptInTraceName_IsEncoded()
    {
        var html = HtmlReport.Render("<script>alert(1)</script>",
            [Result("<script>alert('x')</script>.jsonl", "sc:n=<b>5</b>")]);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        XElement.Parse(Svg(html, 0));
    }

    [Fact]
    public void Render_AmpersandAndQuotesInFamily_LegendStaysWellFormed()
    {
        var html = HtmlReport.Render("t", [Result("a&b", "x\"y'<z:n=1")]);

        var svg = XElement.Parse(Svg(html, 0));
        Assert.Contains(svg.Descendants(), e => (string?)e.Attribute("data-family") == "x\"y'<z");
    }

    [Fact]
    public void Render_SinglePoint_DoesNotThrowAndDrawsIt()
    {
        var html = HtmlReport.Render("t", [Result("t", "sc:n=1", 0.9, 1234)]);

        XElement.Parse(Svg(html, 0));
        Assert.Equal(1, Count(html, "<g class=\"point\">"));
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AllPointsEqual_DoesNotDivideByZero()
    {
        var html = HtmlReport.Render("t",
        [
            Result("t", "sc:n=1", 0.9, 1000, 0, 0),
            Result("t", "ac:confidence=0.9", 0.9, 1000, 0, 0),
            Result("t", "esc:window=5", 0.9, 1000, 0, 0),
        ]);

        XElement.Parse(Svg(html, 0));
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ZeroTokensAndAccuracy_DoesNotThrow()
    {
        var html = HtmlReport.Render("t", [Result("t", "sc:n=0", 0, 0, 0, 0), Result("t", "sc:n=1", 0, 0, 0, 0)]);

        XElement.Parse(Svg(html, 0));
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NaNAndZeroStd_NoErrorBarsAndNoNaNInSvg()
    {
        var html = HtmlReport.Render("t",
        [
            Result("t", "sc:n=1", 0.8, 100, double.NaN, double.NaN),
            Result("t", "sc:n=2", 0.85, 200, 0, 0),
        ]);

        var svg = Svg(html, 0);
        XElement.Parse(svg);
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.Matches("<g class=\"error-bars\"[^>]*>\\s*</g>", svg);
        // The table prints no "± n/a" for a missing spread.
        Assert.DoesNotContain("± n/a", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NonFiniteValues_ListedInTableButNotPlotted()
    {
        var html = HtmlReport.Render("t",
        [
            Result("t", "sc:n=1", double.NaN, 100),
            Result("t", "sc:n=2", 0.9, double.PositiveInfinity),
            Result("t", "sc:n=3", 0.9, 300, saving: double.NaN),
        ]);

        var svg = Svg(html, 0);
        XElement.Parse(svg);
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.Equal(1, Count(svg, "<g class=\"point\">"));
        Assert.Equal(3, Count(html, "<tr><td>"));
        Assert.Contains("n/a", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoResults_RendersPageWithoutCharts()
    {
        var html = HtmlReport.Render("Empty", []);

        Assert.Equal(0, Count(html, "<svg "));
        Assert.Contains("<h1>Empty</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CommaDecimalCulture_NumbersUseInvariantCulture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var previous = CultureInfo.CurrentCulture;
        string html;
        try
        {
            CultureInfo.CurrentCulture = comma;
            html = HtmlReport.Render("t", [Result("t", "ac:confidence=0.95", 0.9234, 1234.5, 0.0123, 56.7, 3.456, 0.4321)]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Contains("92.3", html, StringComparison.Ordinal);
        Assert.Contains("3.46", html, StringComparison.Ordinal);
        Assert.Contains("+43.2%", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("\\d,\\d", html);
        XElement.Parse(Svg(html, 0));
    }

    [Fact]
    public void Render_SameInput_SameOutput()
    {
        Assert.Equal(HtmlReport.Render("r", TwoTraces), HtmlReport.Render("r", TwoTraces));
    }

    [Fact]
    public void Render_Always_HasNoExternalResources()
    {
        var html = HtmlReport.Render("r", TwoTraces);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("https?://(?!www\\.w3\\.org/2000/svg)", html);
    }

    [Fact]
    public void Render_FamilyAcrossTraces_KeepsItsColor()
    {
        var html = HtmlReport.Render("r", TwoTraces);

        static string? LegendColor(string svg, string family) =>
            XElement.Parse(svg).Descendants()
                .Single(e => (string?)e.Attribute("class") == "legend-entry" && (string?)e.Attribute("data-family") == family)
                .Elements().First(e => e.Name.LocalName == "line").Attribute("stroke")?.Value;
        Assert.Equal(HtmlReport.ColorOf(0), LegendColor(Svg(html, 0), "sc"));
        Assert.Equal(HtmlReport.ColorOf(0), LegendColor(Svg(html, 1), "sc"));
        Assert.Equal(HtmlReport.ColorOf(3), LegendColor(Svg(html, 1), "batch"));
    }

    [Theory]
    [InlineData("sc:n=10", "sc")]
    [InlineData("settle:after=16,lead=3,share=0.3", "settle")]
    [InlineData("ac", "ac")]
    [InlineData(" Batch :budget=500", "batch")]
    [InlineData(":n=1", "(unnamed)")]
    public void FamilyOf_Spec_TextBeforeColon(string policy, string family)
    {
        Assert.Equal(family, HtmlReport.FamilyOf(policy));
    }

    [Fact]
    public void Write_MissingFolder_CreatesFileWithRenderedHtml()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dynasor-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(folder, "sub", "report.html");
            HtmlReport.Write(path, "r", TwoTraces);

            Assert.Equal(HtmlReport.Render("r", TwoTraces), File.ReadAllText(path));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
