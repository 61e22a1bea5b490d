using System.Text.Json;
using Dynasor.Policies;

namespace Dynasor.Cli.Tests.Commands;

[Collection(nameof(CliCollection))]
public class ReplayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SynthTrace(int questions = 60)
    {
        var path = Path.Combine(_dir, "synth.jsonl");
        Assert.Equal(0, CliRunner.Run("synth", "--questions", questions.ToString(System.Globalization.CultureInfo.InvariantCulture), "--samples", "12", "--out", path).Exit);
        return path;
    }

    [Fact]
    public void Replay_FormatJson_PrintsExactlyOneDocumentWithTheDocumentedFields()
    {
        var trace = SynthTrace();
        var (exit, output, _) = CliRunner.Run("replay", "--trace", trace, "--policy", "sc:n=12", "ac", "--cap", "12", "--repeats", "3", "--format", "json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var results = doc.RootElement.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        var ac = results[1];
        Assert.Equal("synth.jsonl", ac.GetProperty("trace").GetString());
        Assert.Equal("ac:confidence=0.95", ac.GetProperty("policy").GetString());
        Assert.Equal(60, ac.GetProperty("questions").GetInt32());
        Assert.Equal(3, ac.GetProperty("repeats").GetInt32());
        Assert.InRange(ac.GetProperty("accuracy").GetDouble(), 0, 1);
        foreach (var field in new[] { "accuracy_std", "samples_per_question", "tokens_per_question", "token_saving_vs_cap" })
            Assert.True(ac.TryGetProperty(field, out _), field);
        Assert.Equal(0, results[0].GetProperty("token_saving_vs_cap").GetDouble());
    }

    [Fact]
    public void Replay_Report_WritesAnHtmlFileWithACurvePerTrace()
    {
        var trace = SynthTrace();
        var report = Path.Combine(_dir, "report.html");
        var (exit, _, _) = CliRunner.Run("replay", "--trace", trace, "--policy", "sc", "esc", "--sweep", "--cap", "12", "--repeats", "2", "--format", "csv", "--report", report);
        Assert.Equal(0, exit);
        var html = File.ReadAllText(report);
        Assert.Contains("<svg", html);
        Assert.Contains("esc:window=", html);
    }

    [Fact]
    public void Replay_ListPolicies_NamesEveryFamilyWithDefaults()
    {
        var (exit, output, _) = CliRunner.Run("replay", "--list-policies");
        Assert.Equal(0, exit);
        foreach (var name in new[] { "sc:", "length:", "static:", "stepped:", "curve:", "terminate:", "esc:", "ac:", "settle:", "batch:" })
            Assert.Contains(name, output);
        Assert.Contains("confidence  default 0.95", output);
    }

    [Theory]
    [InlineData(new[] { "replay", "--policy", "nope" }, "unknown policy 'nope'")]
    [InlineData(new[] { "replay", "--policy", "esc:window=0" }, "window=0 is invalid")]
    [InlineData(new[] { "replay", "--trace", "/no/such.jsonl" }, "/no/such.jsonl")]
    [InlineData(new[] { "replay", "--cap", "zero" }, "zero")]
    [InlineData(new[] { "replay", "--bogus" }, "--bogus")]
    [InlineData(new[] { "calibrate", "--trace", "/no/such.jsonl", "--family", "nope" }, "unknown policy 'nope'")]
    [InlineData(new[] { "calibrate", "--family", "ac" }, "--trace")]
    [InlineData(new[] { "calibrate", "--trace", "/no/such.jsonl", "--family", "ac", "--split", "0.5", "--folds", "5" }, "--split and --folds cannot be used together")]
    [InlineData(new[] { "calibrate", "--trace", "/no/such.jsonl", "--family", "ac", "--folds", "1" }, "folds 1 is invalid")]
    public void BadArguments_ExitNonZeroWithOneClearLine(string[] args, string mention)
    {
        var (exit, output, error) = CliRunner.Run(args);
        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dynasor: error: ", line);
        Assert.Contains(mention, line);
    }

    [Fact]
    public void Replay_MalformedTraceLine_NamesFileAndLine()
    {
        var path = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(path, "{\"id\":\"a\",\"samples\":[]}\n{\"id\":\"b\",\"samples\":[{\"answer\":\"1\"}]}\n");
        var (exit, _, error) = CliRunner.Run("replay", "--trace", path);
        Assert.Equal(2, exit);
        Assert.Contains($"{path}:2: samples[0].tokens is missing", error);
    }

    [Fact]
    public void Calibrate_Out_WritesAPolicyFileThatReplayAccepts()
    {
        var trace = SynthTrace(80);
        var policy = Path.Combine(_dir, "policy.json");
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", trace, "--family", "settle", "--cap", "12", "--repeats", "2", "--format", "json", "--out", policy);
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        var chosen = doc.RootElement.GetProperty("chosen").GetString()!;
        Assert.StartsWith("settle:", chosen);
        Assert.True(doc.RootElement.GetProperty("holdout").GetProperty("policy").GetProperty("questions").GetInt32() > 0);
        Assert.Equal("ac:confidence=0.95", doc.RootElement.GetProperty("compared")[0].GetProperty("holdout").GetProperty("policy").GetString());

        var replay = CliRunner.Run("replay", "--trace", trace, "--policy", "@" + policy, "--cap", "12", "--repeats", "2", "--format", "json");
        Assert.True(replay.Exit == 0, replay.Error);
        using var replayed = JsonDocument.Parse(replay.Out);
        Assert.Equal(chosen, replayed.RootElement.GetProperty("results")[0].GetProperty("policy").GetString());
    }

    [Fact]
    public void Calibrate_Folds_ReportsEachFoldsChoiceAndWritesAPolicyFileChosenOnAllQuestions()
    {
        var trace = SynthTrace(60);
        var policy = Path.Combine(_dir, "cv.json");
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", trace, "--family", "settle", "--folds", "3", "--cap", "12", "--repeats", "2", "--format", "json", "--out", policy);
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(3, doc.RootElement.GetProperty("fold_choices").GetArrayLength());
        Assert.Equal(60, doc.RootElement.GetProperty("holdout").GetProperty("policy").GetProperty("questions").GetInt32());
        Assert.Equal(60, doc.RootElement.GetProperty("calibration").GetProperty("policy").GetProperty("questions").GetInt32());

        var file = PolicyFile.Load(policy);
        Assert.Equal(doc.RootElement.GetProperty("chosen").GetString(), file.Spec);
        Assert.Equal(3, file.Folds);
        Assert.Null(file.Split);

        Assert.Null(file.Resample);

        var table = CliRunner.Run("calibrate", "--trace", trace, "--family", "settle", "--folds", "3", "--cap", "12", "--repeats", "2");
        Assert.True(table.Exit == 0, table.Error);
        Assert.Contains("without fold 3: settle:", table.Out);
        Assert.Contains("cross-validated", table.Out);
    }

    [Fact]
    public void Replay_PerQuestion_WritesARowPerPolicyAndQuestion()
    {
        var trace = SynthTrace(20);
        var csv = Path.Combine(_dir, "per-question.csv");
        var (exit, _, error) = CliRunner.Run("replay", "--trace", trace, "--policy", "sc:n=4", "ac", "--cap", "12", "--repeats", "2", "--per-question", csv);
        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("trace,policy,question,accuracy,samples,tokens", lines[0]);
        Assert.Equal(1 + 2 * 20, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal("sc:n=4", first[1]);
        Assert.Equal("4", first[4]);
    }

    [Fact]
    public void Calibrate_Resample_IsRecordedInThePolicyFileAndChangesTheBaseline()
    {
        var trace = SynthTrace(40);
        var policy = Path.Combine(_dir, "resampled.json");
        var shuffled = CliRunner.Run("calibrate", "--trace", trace, "--family", "ac", "--cap", "12", "--repeats", "3", "--format", "json");
        var resampled = CliRunner.Run("calibrate", "--trace", trace, "--family", "ac", "--cap", "12", "--repeats", "3", "--resample", "--format", "json", "--out", policy);
        Assert.True(resampled.Exit == 0, resampled.Error);
        Assert.True(PolicyFile.Load(policy).Resample);
        // SC@cap over all 12 recorded samples is one fixed vote per question when shuffled, but not when resampled.
        static double BaselineStd(string json) => JsonDocument.Parse(json).RootElement.GetProperty("calibration").GetProperty("baseline").GetProperty("accuracy_std").GetDouble();
        Assert.Equal(0, BaselineStd(shuffled.Out));
        Assert.True(BaselineStd(resampled.Out) > 0);
    }
}
