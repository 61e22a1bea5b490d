using System.Text.Json;

namespace Dynasor.Cli.Tests.Commands;

/// <summary>What the commands say about the traces they read: a directory, questions without samples, fewer samples than --cap.</summary>
[Collection(nameof(CliCollection))]
public class TraceInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Synth(string name, int questions, int samples)
    {
        var path = Path.Combine(_dir, name);
        var (exit, _, error) = CliRunner.Run("synth", "--questions", $"{questions}", "--samples", $"{samples}", "--out", path);
        Assert.True(exit == 0, error);
        return path;
    }

    private static List<string> Policies(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("policy").GetString()!).ToList();

    [Theory]
    [InlineData("replay")]
    [InlineData("simulate")]
    public void TraceIsADirectory_SaysSoAndNamesATraceInIt(string command)
    {
        var trace = Synth("inside.jsonl", 3, 2);
        var (exit, output, error) = CliRunner.Run(command, "--trace", _dir);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"dynasor: error: trace '{_dir}' is a directory, not a trace file; pass one of its .jsonl files, such as {trace}", line);
    }

    [Fact]
    public void Replay_QuestionWithEmptySamples_WarnsWithFileAndLineAndLeavesItOut()
    {
        var lines = File.ReadAllLines(Synth("full.jsonl", 6, 4)).ToList();
        lines.Insert(2, """{"id":"lost","samples":[]}""");
        var trace = Path.Combine(_dir, "holes.jsonl");
        File.WriteAllLines(trace, lines);

        var (exit, output, error) = CliRunner.Run("replay", "--trace", trace, "--policy", "ac", "--cap", "4", "--repeats", "2", "--format", "json");
        Assert.True(exit == 0, error);
        Assert.Equal($"dynasor: warning: {trace}:3: question 'lost' has \"samples\":[] and is left out of every figure", error.Trim());
        Assert.Equal(6, JsonDocument.Parse(output).RootElement.GetProperty("results")[0].GetProperty("questions").GetInt32());
    }

    [Fact]
    public void Replay_OnlyEmptySamples_IsRefusedInOneLine()
    {
        var trace = Path.Combine(_dir, "empty.jsonl");
        File.WriteAllLines(trace, ["""{"id":"a","samples":[]}"""]);
        var (exit, _, error) = CliRunner.Run("replay", "--trace", trace);
        Assert.Equal(2, exit);
        Assert.Contains("has no question with samples (1 with \"samples\":[], the first on line 1)", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Replay_FewerSamplesThanTheCap_WarnsAndLabelsTheBaselineWithTheRealCount()
    {
        var trace = Synth("ten.jsonl", 20, 10);
        var (exit, output, error) = CliRunner.Run("replay", "--trace", trace, "--policy", "sc", "sc:n=25", "ac", "--repeats", "2", "--format", "json");
        Assert.True(exit == 0, error);
        Assert.Equal("dynasor: warning: ten.jsonl has at most 10 samples per question, fewer than --cap 40: every policy stops at 10, and the SC baseline is sc:n=10", error.Trim());
        // sc (n=40) and sc:n=25 both draw the 10 samples there are: one row, labelled with what ran.
        Assert.Equal(["sc:n=10", "ac:confidence=0.95"], Policies(output));
    }

    [Fact]
    public void Replay_SomeQuestionsShortOfTheCap_SaysHowMany()
    {
        var lines = File.ReadAllLines(Synth("mixed.jsonl", 5, 12)).ToList();
        using (var short1 = JsonDocument.Parse(lines[0]))
        {
            var samples = short1.RootElement.GetProperty("samples").EnumerateArray().Take(3).Select(s => s.GetRawText());
            lines[0] = $"{{\"id\":\"short\",\"target\":\"1\",\"samples\":[{string.Join(',', samples)}]}}";
        }
        var trace = Path.Combine(_dir, "mixed-short.jsonl");
        File.WriteAllLines(trace, lines);
        var (exit, _, error) = CliRunner.Run("replay", "--trace", trace, "--policy", "ac", "--cap", "12", "--repeats", "2", "--format", "csv");
        Assert.True(exit == 0, error);
        Assert.Equal("dynasor: warning: mixed-short.jsonl: 1 of 5 questions have fewer than --cap 12 samples (the fewest 3); they stop at the samples they have", error.Trim());
    }

    [Fact]
    public void Simulate_FewerSamplesThanTheCap_WarnsAndLabelsTheAllocationWithTheRealCount()
    {
        var trace = Synth("ten.jsonl", 20, 10);
        var (exit, output, error) = CliRunner.Run("simulate", "--trace", trace, "--allocation", "sc", "--scheduler", "fcfs", "--programs", "10", "--format", "json");
        Assert.True(exit == 0, error);
        Assert.Contains("ten.jsonl has at most 10 samples per question, fewer than --cap 40", error);
        Assert.Equal("sc:n=10", JsonDocument.Parse(output).RootElement.GetProperty("results")[0].GetProperty("allocation").GetString());
    }

    [Fact]
    public void Replay_DefaultBatch_IsNotLabelledBudgetZero()
    {
        var trace = Synth("batch.jsonl", 20, 8);
        var (exit, output, error) = CliRunner.Run("replay", "--trace", trace, "--policy", "batch", "--cap", "8", "--repeats", "2", "--format", "json");
        Assert.True(exit == 0, error);
        var label = Assert.Single(Policies(output));
        Assert.DoesNotContain("budget=0", label);
        Assert.Matches(@"^batch:budget=[1-9][0-9]*,initial=1$", label);
    }
}
