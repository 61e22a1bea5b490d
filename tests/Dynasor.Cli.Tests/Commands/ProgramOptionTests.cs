using System.Globalization;
using System.Text;
using System.Text.Json;
using Dynasor.Policies;

namespace Dynasor.Cli.Tests.Commands;

/// <summary><c>--program</c> on replay and calibrate, <c>--measure</c> and several <c>--family</c> values on calibrate.</summary>
[Collection(nameof(CliCollection))]
public class ProgramOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A trace with rewards: per question a seeded mix of a right answer (reward near 0.9) and wrong ones (near 0.3),
    /// so majority, reward-weighted vote and best-of-N can differ.
    /// </summary>
    private string RewardTrace(int questions = 40, int samples = 8)
    {
        var random = new Random(7);
        var lines = new StringBuilder();
        for (var q = 0; q < questions; q++)
        {
            var hard = q % 3 == 0;
            var list = Enumerable.Range(0, samples).Select(_ =>
            {
                var right = random.NextDouble() < (hard ? 0.4 : 0.85);
                var answer = right ? "1" : (2 + random.Next(3)).ToString(CultureInfo.InvariantCulture);
                var reward = Math.Clamp((right ? 0.9 : 0.3) + (random.NextDouble() - 0.5) * 0.2, 0, 1);
                return $"{{\"answer\":\"{answer}\",\"tokens\":{100 + random.Next(50)},\"reward\":{reward.ToString("0.###", CultureInfo.InvariantCulture)}}}";
            });
            lines.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"q{q}\",\"target\":\"1\",\"samples\":[{string.Join(',', list)}]}}\n");
        }
        var path = Path.Combine(_dir, "rewards.jsonl");
        File.WriteAllText(path, lines.ToString());
        return path;
    }

    private string PlainTrace()
    {
        var path = Path.Combine(_dir, "plain.jsonl");
        File.WriteAllText(path, "{\"id\":\"a\",\"target\":\"1\",\"samples\":[{\"answer\":\"1\",\"tokens\":10},{\"answer\":\"2\",\"tokens\":10}]}\n");
        return path;
    }

    [Fact]
    public void Replay_SeveralPrograms_NamesTheProgramInEveryJsonRow()
    {
        var (exit, output, error) = CliRunner.Run("replay", "--trace", RewardTrace(), "--program", "sc", "wsc", "bon", "--policy", "sc:n=8", "--cap", "8", "--repeats", "3", "--format", "json");
        Assert.True(exit == 0, error);
        var rows = JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["sc", "wsc", "bon"], rows.Select(r => r.GetProperty("program").GetString()));
        Assert.All(rows, r => Assert.Equal("sc:n=8", r.GetProperty("policy").GetString()));
        // Same samples, same tokens: only the answer rule differs.
        Assert.Single(rows.Select(r => r.GetProperty("tokens_per_question").GetDouble()).Distinct());
    }

    [Fact]
    public void Replay_DefaultProgram_IsScWithTheTableAndCsvAsBefore()
    {
        var trace = RewardTrace();
        var table = CliRunner.Run("replay", "--trace", trace, "--policy", "sc:n=4", "--cap", "8", "--repeats", "2");
        Assert.True(table.Exit == 0, table.Error);
        Assert.DoesNotContain("program", table.Out);
        var csv = CliRunner.Run("replay", "--trace", trace, "--policy", "sc:n=4", "--cap", "8", "--repeats", "2", "--format", "csv");
        Assert.StartsWith("trace,policy,questions,repeats,accuracy,accuracy_std,samples_per_question,tokens_per_question,token_saving_vs_cap\n", csv.Out);
        var json = CliRunner.Run("replay", "--trace", trace, "--policy", "sc:n=4", "--cap", "8", "--repeats", "2", "--format", "json");
        Assert.Equal("sc", JsonDocument.Parse(json.Out).RootElement.GetProperty("results")[0].GetProperty("program").GetString());
    }

    [Fact]
    public void Replay_RewardProgram_AddsAProgramColumnToTheTableAndTheCsv()
    {
        var trace = RewardTrace();
        var table = CliRunner.Run("replay", "--trace", trace, "--program", "bon", "--policy", "terminate:after=3,below=0.5", "--cap", "8", "--repeats", "2");
        Assert.True(table.Exit == 0, table.Error);
        Assert.Contains("│ program │", table.Out);
        Assert.Contains("│ bon ", table.Out);
        var csv = CliRunner.Run("replay", "--trace", trace, "--program", "wsc", "--policy", "sc:n=4", "--cap", "8", "--repeats", "2", "--format", "csv");
        var lines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",program", lines[0]);
        Assert.EndsWith(",wsc", lines[1]);
    }

    [Fact]
    public void Replay_ReportWithPrograms_DrawsALinePerProgramAndFamily()
    {
        var report = Path.Combine(_dir, "programs.html");
        var (exit, _, error) = CliRunner.Run("replay", "--trace", RewardTrace(), "--program", "sc", "bon", "--policy", "sc", "static", "--sweep", "--cap", "8", "--repeats", "2", "--format", "csv", "--report", report);
        Assert.True(exit == 0, error);
        var html = File.ReadAllText(report);
        foreach (var family in new[] { "sc sc", "bon sc", "sc static", "bon static", "bon static/max", "bon static/share" })
            Assert.Contains($"class=\"legend-entry\" data-family=\"{family}\"", html);
        Assert.DoesNotContain("data-family=\"sc static/max\"", html);
        Assert.Contains("stroke-dasharray=\"2 3\"", html);
    }

    [Fact]
    public void Replay_RewardProgramOnATraceWithoutRewards_ExitsWithOneLineNamingTheTraceAndTheFix()
    {
        var (exit, output, error) = CliRunner.Run("replay", "--trace", PlainTrace(), "--program", "wsc", "--cap", "2");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("dynasor: error:", StringComparison.Ordinal));
        Assert.Contains("trace 'plain.jsonl'", line);
        Assert.Contains("\"reward\"", line);
        Assert.Contains("--program wsc", line);
    }

    [Theory]
    [InlineData("replay", "--program", "rebase")]
    [InlineData("calibrate", "--program", "rebase")]
    [InlineData("calibrate", "--measure", "entropie")]
    public void UnknownProgramOrMeasure_IsRefusedWhileParsingWithTheChoices(string command, string option, string value)
    {
        string[] args = command == "replay" ? ["replay", option, value] : ["calibrate", "--trace", "x.jsonl", "--family", "static", option, value];
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{option} '{value}' is unknown", line);
    }

    [Fact]
    public void Calibrate_ProgramAndMeasure_AreRecordedAndSearched()
    {
        var policy = Path.Combine(_dir, "bon.json");
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", RewardTrace(), "--program", "bon", "--measure", "max_reward", "--family", "static",
            "--split", "0.5", "--anchor", "none", "--cap", "8", "--repeats", "3", "--format", "json", "--out", policy);
        Assert.True(exit == 0, error);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.Equal("bon", doc.GetProperty("program").GetString());
        Assert.Equal("bon", doc.GetProperty("holdout").GetProperty("baseline").GetProperty("program").GetString());
        Assert.Equal("bon", PolicyFile.Load(policy).Program);
        var chosen = doc.GetProperty("chosen").GetString()!;
        Assert.True(chosen.StartsWith("sc:", StringComparison.Ordinal) || chosen.Contains("max_reward=", StringComparison.Ordinal), chosen);

        var replayed = CliRunner.Run("replay", "--trace", Path.Combine(_dir, "rewards.jsonl"), "--policy", "@" + policy, "--cap", "8", "--repeats", "2");
        Assert.True(replayed.Exit == 0, replayed.Error);
        Assert.Contains($"policy file '{policy}' was calibrated under --program bon; here it also runs under --program sc", replayed.Error);
        var same = CliRunner.Run("replay", "--trace", Path.Combine(_dir, "rewards.jsonl"), "--program", "bon", "--policy", "@" + policy, "--cap", "8", "--repeats", "2");
        Assert.DoesNotContain("was calibrated under", same.Error);
    }

    [Fact]
    public void Calibrate_SeveralFamilies_PrintsOneComparisonOnTheSameHeldOutQuestions()
    {
        var trace = RewardTrace();
        string[] run = ["calibrate", "--trace", trace, "--family", "static", "stepped:every=1", "dcurve", "--split", "0.5", "--anchor", "none", "--cap", "8", "--repeats", "3"];
        var table = CliRunner.Run(run);
        Assert.True(table.Exit == 0, table.Error);
        Assert.Contains("│ baseline ", table.Out);
        Assert.Contains("│ stepped:every=1 ", table.Out);
        Assert.Contains("  dcurve: dcurve:detect=", table.Out);

        var json = CliRunner.Run([.. run, "--format", "json"]);
        var doc = JsonDocument.Parse(json.Out).RootElement;
        var families = doc.GetProperty("families").EnumerateArray().ToList();
        Assert.Equal(["static", "stepped:every=1", "dcurve"], families.Select(f => f.GetProperty("family").GetString()));
        var baseline = doc.GetProperty("baseline_holdout").GetProperty("tokens_per_question").GetDouble();
        Assert.All(families, f => Assert.Equal(baseline, f.GetProperty("holdout").GetProperty("baseline").GetProperty("tokens_per_question").GetDouble()));
    }

    [Fact]
    public void Calibrate_SeveralFamiliesWithOut_IsRefusedBeforeTheRun()
    {
        var (exit, _, error) = CliRunner.Run("calibrate", "--trace", RewardTrace(), "--family", "static", "curve", "--out", Path.Combine(_dir, "p.json"), "--cap", "8");
        Assert.Equal(2, exit);
        Assert.Contains("--out writes one policy file", error);
    }
}
