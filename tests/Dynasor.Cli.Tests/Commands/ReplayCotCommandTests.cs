using System.Text.Json;
using Dynasor.Traces;

namespace Dynasor.Cli.Tests.Commands;

/// <summary>
/// <c>dynasor replay --mode cot</c> on a hand-made recorded trace, with the exits computed by hand: chain a (400 tokens,
/// ends on 12) exits under mid at 256+20 with 2 answer tokens = 278; chain b (300 tokens, ends on 5) exits under mid on
/// "3" at 192+20+1 = 213; chain c was cut live by mid and is left out of the figures but passes the live check.
/// </summary>
[Collection(nameof(CliCollection))]
public sealed class ReplayCotCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-cli-cot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Trace(bool labelled = true)
    {
        var path = Path.Combine(_dir, "chains.jsonl");
        var a = new TraceSample("12", 400)
        {
            Chain = new TraceChain(32, 20, 400, false,
                [new(32, "", 0), new(64, "7", 1), new(96, "12", 2, true), .. Enumerable.Range(4, 9).Select(k => new TraceProbe(32 * k, "12", 2))]),
        };
        var b = new TraceSample("5", 300) { Chain = new TraceChain(64, 20, 300, false, [new(64, "3", 1), new(128, "3", 1), new(192, "3", 1), new(256, "5", 1)]) };
        var c = new TraceSample("9", 213) { Chain = new TraceChain(64, 20, 212, true, [new(64, "9", 1), new(128, "9", 1), new(192, "9", 1)]) { Window = 3 } };
        using var writer = new TraceWriter(path);
        writer.Write(new TraceQuestion("a", null, null, labelled ? "12" : null, [a]));
        writer.Write(new TraceQuestion("b", null, null, labelled ? "5" : null, [b]));
        writer.Write(new TraceQuestion("c", null, null, labelled ? "9" : null, [c]));
        return path;
    }

    [Fact]
    public void ReplayCot_Json_GivesTheHandComputedFiguresAndTheLiveCheck()
    {
        var (exit, output, error) = CliRunner.Run("replay", "--mode", "cot", "--trace", Trace(), "--policy", "mid", "--format", "json");

        Assert.True(exit == 0, error);
        var doc = JsonDocument.Parse(output).RootElement;
        var mid = doc.GetProperty("results").EnumerateArray().Single();
        Assert.Equal("mid (k=3, T=64)", mid.GetProperty("policy").GetString());
        Assert.Equal((2, 1, 2), (mid.GetProperty("chains").GetInt32(), mid.GetProperty("cut_live").GetInt32(), mid.GetProperty("exits").GetInt32()));
        Assert.Equal(("accuracy", 0.5), (mid.GetProperty("measured").GetString(), mid.GetProperty("accuracy").GetDouble()));
        Assert.Equal((278 + 213) / 2.0, mid.GetProperty("tokens_per_chain").GetDouble());
        Assert.Equal(Math.Round(1 - 245.5 / 350, 6), mid.GetProperty("token_saving_vs_chain_end").GetDouble());
        var check = doc.GetProperty("live_checks")[0];
        Assert.Equal((1, 1), (check.GetProperty("checked").GetInt32(), check.GetProperty("matched").GetInt32()));
    }

    [Fact]
    public void ReplayCot_NoPolicy_RunsTheFivePresetsAsATable()
    {
        var (exit, output, error) = CliRunner.Run("replay", "--mode", "cot", "--trace", Trace(labelled: false));

        Assert.True(exit == 0, error);
        foreach (var preset in new[] { "mild (k=8, T=64)", "low (k=5, T=64)", "mid (k=3, T=64)", "high (k=2, T=64)" })
            Assert.Contains(preset, output);
        Assert.Contains("agreement", output);
        // The chains were probed every 64 tokens: crazy's 32 cannot be read off them.
        Assert.Contains("crazy (k=2, T=32) is skipped: the chains were recorded with probes every 32 or 64 tokens", error);
        Assert.Contains("the offline rule, run with each chain's own k and T, reproduces the live decision on 1 of 1 chains", output);
    }

    [Fact]
    public void ReplayCot_IntervalFinerThanRecorded_FailsWithOneLineNamingTheFix()
    {
        var (exit, _, error) = CliRunner.Run("replay", "--mode", "cot", "--trace", Trace(), "--policy", "crazy");

        Assert.NotEqual(0, exit);
        Assert.Contains("probes every 32 tokens, but chains were recorded with probes every 64", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--cap", "12", "--cap applies to --mode sc")]
    [InlineData("--policy", "extreme", "cot policy 'extreme' is unknown")]
    [InlineData("--mode", "tree", "--mode 'tree' is unknown; use sc or cot")]
    public void ReplayCot_BadOption_FailsWithOneLine(string option, string value, string expected)
    {
        var (exit, _, error) = CliRunner.Run(option == "--mode" ? ["replay", "--trace", Trace(), option, value] : ["replay", "--mode", "cot", "--trace", Trace(), option, value]);

        Assert.NotEqual(0, exit);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void ReplayCot_ReportAndPerQuestion_WriteHtmlAndOneRowPerChain()
    {
        var report = Path.Combine(_dir, "cot.html");
        var perChain = Path.Combine(_dir, "chains.csv");

        var (exit, _, error) = CliRunner.Run("replay", "--mode", "cot", "--trace", Trace(), "--policy", "mid", "high", "mid:threshold=0.6", "--format", "csv", "--report", report, "--per-question", perChain);

        Assert.True(exit == 0, error);
        Assert.Contains("<svg", File.ReadAllText(report));
        Assert.Contains("certaindex&gt;=0.6", File.ReadAllText(report));
        var rows = File.ReadAllLines(perChain);
        Assert.Equal("trace,policy,chain,exited,chain_tokens,tokens,answer,correct", rows[0]);
        Assert.Contains("chains.jsonl,\"mid (k=3, T=64)\",a,true,276,278,12,true", rows);
        Assert.Equal(1 + 3 * 2, rows.Length);
    }
}
