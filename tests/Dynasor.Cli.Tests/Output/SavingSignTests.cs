using System.Globalization;
using System.Text.Json;
using Dynasor.Cli.Output;
using Dynasor.Cli.Tests.Commands;

namespace Dynasor.Cli.Tests.Output;

/// <summary>One sign convention for savings everywhere: positive when tokens were saved, in the table, JSON, CSV, HTML and eval.</summary>
[Collection(nameof(CliCollection))]
public class SavingSignTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-saving-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0.831, "+83.1%")]
    [InlineData(-0.04, "-4.0%")]
    [InlineData(0, "0.0%")]
    [InlineData(double.NaN, "n/a")]
    public void Percent_IsSignedPositiveForTokensSaved(double fraction, string text) =>
        Assert.Equal(text, SavingFormat.Percent(fraction));

    [Fact]
    public void Replay_TableJsonCsvAndHtml_ShowTheSameSignedSaving()
    {
        var trace = Path.Combine(_dir, "t.jsonl");
        Assert.Equal(0, CliRunner.Run("synth", "--questions", "20", "--samples", "12", "--out", trace).Exit);
        string[] run = ["replay", "--trace", trace, "--policy", "sc:n=12", "sc:n=3", "--cap", "12", "--repeats", "2"];

        var json = CliRunner.Run([.. run, "--format", "json"]);
        var saving = JsonDocument.Parse(json.Out).RootElement.GetProperty("results")[1].GetProperty("token_saving_vs_cap").GetDouble();
        Assert.InRange(saving, 0.6, 0.9); // 3 of 12 samples: about three quarters of the tokens saved
        var expected = SavingFormat.Percent(saving);
        Assert.StartsWith("+", expected);

        var report = Path.Combine(_dir, "r.html");
        var table = CliRunner.Run([.. run, "--report", report]);
        var row = Assert.Single(table.Out.Split('\n'), l => l.Contains("sc:n=3", StringComparison.Ordinal));
        Assert.Contains(expected, row);
        Assert.Contains("positive when tokens were saved", table.Out);
        Assert.Contains($"<td>{expected}</td>", File.ReadAllText(report));

        var csv = CliRunner.Run([.. run, "--format", "csv"]);
        var csvRow = Assert.Single(csv.Out.Split('\n'), l => l.Contains("sc:n=3", StringComparison.Ordinal));
        Assert.Equal(saving, double.Parse(csvRow.Split(',')[^1], CultureInfo.InvariantCulture), 5);
    }

    [Fact]
    public void Eval_TableAndJson_ShowTheSameSignedSaving()
    {
        string[] run = ["eval", "--questions", "4", "--mode", "cot", "--effort", "mid"];
        var json = CliRunner.Run([.. run, "--format", "json"]);
        Assert.True(json.Exit == 0, json.Error);
        var saving = JsonDocument.Parse(json.Out).RootElement.GetProperty("results")[1].GetProperty("token_saving_vs_baseline").GetDouble();
        Assert.True(saving > 0, "Dynasor-CoT generates less than the chains it cuts");

        var table = CliRunner.Run(run);
        var row = Assert.Single(table.Out.Split('\n'), l => l.Contains("mid (k=3", StringComparison.Ordinal));
        Assert.Contains(SavingFormat.Percent(saving), row);
    }
}
