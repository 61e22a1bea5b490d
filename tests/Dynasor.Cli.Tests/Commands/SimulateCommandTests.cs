using System.Text.Json;

namespace Dynasor.Cli.Tests.Commands;

[Collection(nameof(CliCollection))]
public class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Simulate_FormatJson_PrintsOneDocumentWithResultsAndSummary()
    {
        var (exit, output, error) = CliRunner.Run("simulate", "--allocation", "sc:n=8", "ac", "--scheduler", "fcfs", "dynasor", "slack",
            "--rate", "1:2:1", "--slo-scale", "0.05", "1", "--programs", "60", "--format", "json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        var results = doc.RootElement.GetProperty("results");
        Assert.Equal(2 * 3 * 2 * 2, results.GetArrayLength());
        var first = results[0];
        Assert.Equal("sc:n=8", first.GetProperty("allocation").GetString());
        Assert.Equal("fcfs", first.GetProperty("scheduler").GetString());
        Assert.Equal(1, first.GetProperty("rate").GetDouble());
        Assert.Equal(0.05, first.GetProperty("slo_scale").GetDouble());
        Assert.Equal(60, first.GetProperty("programs").GetInt32());
        foreach (var field in new[] { "attainment", "mean_latency_s", "p90_latency_s", "accuracy", "tokens_per_program", "token_throughput_per_s", "finish_time_fairness_ms_per_token" })
            Assert.True(first.GetProperty(field).GetDouble() >= 0, field);

        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(6, summary.GetArrayLength());
        Assert.True(summary[0].TryGetProperty("max_rate_at_90", out _));
        Assert.True(summary[0].TryGetProperty("min_slo_scale_at_90", out _));
    }

    [Fact]
    public void Simulate_Report_WritesTheThreeRowsAndTheBreakdownAsSvg()
    {
        var report = Path.Combine(_dir, "sim.html");
        var (exit, _, error) = CliRunner.Run("simulate", "--allocation", "sc:n=4", "--scheduler", "gang", "plas", "--rate", "1:3:1", "--slo-scale", "0.1:0.3:0.1",
            "--programs", "40", "--report", report);
        Assert.True(exit == 0, error);
        var html = File.ReadAllText(report);
        Assert.Equal(5, html.Split("<svg").Length - 1);
        foreach (var heading in new[] { "Attainment vs rate", "Attainment vs SLO scale", "Accuracy vs attainment", "Figure 10", "Figure 11" })
            Assert.Contains(heading, html);
        Assert.Contains("sc + plas", html);
        Assert.Contains("sc + plas: sc:n=4", html);
    }

    [Theory]
    [InlineData("--scheduler", "lifo", "unknown scheduler 'lifo'")]
    [InlineData("--rate", "3:1:1", "--rate '3:1:1'")]
    [InlineData("--allocation", "nope", "unknown policy 'nope'")]
    [InlineData("--profile", "h100", "unknown profile 'h100'")]
    [InlineData("--format", "csv", "--format csv is not supported by simulate; use table or json")]
    public void Simulate_BadArgument_ExitsTwoWithOneLineNamingIt(string option, string value, string message)
    {
        var (exit, output, error) = CliRunner.Run("simulate", option, value, "--programs", "5");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Simulate_MaxRateAtTheTopOfTheGrid_SaysItIsOnlyABound()
    {
        string[] run = ["simulate", "--allocation", "sc:n=40", "--scheduler", "fcfs", "--programs", "200", "--rate", "0.5:1:0.5"];
        var (exit, output, error) = CliRunner.Run(run);
        Assert.True(exit == 0, error);
        Assert.Contains(">= 1 (top of the grid)", output);
        Assert.Contains("raise --rate's TO", output);

        var json = CliRunner.Run([.. run, "--format", "json"]);
        var summary = JsonDocument.Parse(json.Out).RootElement.GetProperty("summary")[0];
        Assert.Equal(1, summary.GetProperty("max_rate_at_90").GetDouble());
        Assert.True(summary.GetProperty("max_rate_at_90_is_top_of_grid").GetBoolean());
    }

    [Fact]
    public void Simulate_MaxRateInsideTheGrid_IsPrintedPlain()
    {
        var (exit, output, error) = CliRunner.Run("simulate", "--allocation", "sc:n=40", "--scheduler", "fcfs", "--programs", "200", "--rate", "1:21:20", "--format", "json");
        Assert.True(exit == 0, error);
        var summary = JsonDocument.Parse(output).RootElement.GetProperty("summary")[0];
        Assert.Equal(1, summary.GetProperty("max_rate_at_90").GetDouble());
        Assert.False(summary.GetProperty("max_rate_at_90_is_top_of_grid").GetBoolean());
    }

    [Fact]
    public void Simulate_Fit_UsesTheFittedProfile()
    {
        var csv = Path.Combine(_dir, "iterations.csv");
        File.WriteAllLines(csv, [
            "phase,sum_length,sum_squared_length,sum_context,batch,ms",
            "prefill,100,10000,,,20", "prefill,1000,1000000,,,120", "prefill,3000,3000000,,,330",
            "decode,,,1000,4,25", "decode,,,20000,64,40", "decode,,,60000,128,70",
        ]);
        var (exit, output, error) = CliRunner.Run("simulate", "--fit", csv, "--allocation", "sc:n=2", "--scheduler", "fcfs", "--programs", "10", "--format", "json");
        Assert.True(exit == 0, error);
        Assert.Contains("fitted fitted:iterations.csv", error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(1, doc.RootElement.GetProperty("results").GetArrayLength());
    }
}
