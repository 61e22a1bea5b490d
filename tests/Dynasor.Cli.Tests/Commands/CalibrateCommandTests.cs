using System.Globalization;
using System.Text.Json;
using Dynasor.Policies;

namespace Dynasor.Cli.Tests.Commands;

[Collection(nameof(CliCollection))]
public class CalibrateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SynthTrace(int questions, int seed = 0)
    {
        var path = Path.Combine(_dir, $"synth-{questions}-{seed}.jsonl");
        Assert.Equal(0, CliRunner.Run("synth", "--questions", questions.ToString(CultureInfo.InvariantCulture), "--samples", "12", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", path).Exit);
        return path;
    }

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement.Clone();

    [Fact]
    public void Calibrate_Default_CertifiesByFiveFoldCrossValidationAt95PercentAndReportsTheChosenPolicysHeldOutLoss()
    {
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", SynthTrace(60), "--family", "settle", "--cap", "12", "--repeats", "2", "--format", "json");
        Assert.True(exit == 0, error);
        var doc = Json(output);
        var c = doc.GetProperty("certification");
        Assert.Equal("5-fold cross-validation", c.GetProperty("procedure").GetString());
        Assert.Equal(5, c.GetProperty("folds").GetInt32());
        Assert.Equal(60, c.GetProperty("questions").GetInt32());
        Assert.Equal(0.95, c.GetProperty("level").GetDouble(), 6);
        Assert.Equal(1.644854, c.GetProperty("z").GetDouble(), 6);
        Assert.Equal(0.005, c.GetProperty("epsilon").GetDouble());
        Assert.Equal("ac:confidence=0.95", c.GetProperty("anchor").GetProperty("policy").GetString());

        var chosen = c.GetProperty("chosen");
        Assert.Equal(doc.GetProperty("chosen").GetString(), chosen.GetProperty("policy").GetString());
        Assert.True(chosen.GetProperty("loss_upper").GetDouble() >= chosen.GetProperty("loss").GetDouble());
        Assert.True(chosen.TryGetProperty("tokens_vs_anchor", out _));
        // Served: the search's choice exactly when certified, else the anchor.
        var certified = c.GetProperty("certified").GetBoolean();
        Assert.Equal(certified, doc.GetProperty("certified").GetBoolean());
        Assert.Equal(certified ? doc.GetProperty("proposed").GetString() : "ac:confidence=0.95", doc.GetProperty("chosen").GetString());
        Assert.Equal(certified, c.GetProperty("proposed").GetProperty("loss_upper").GetDouble() <= 0.005 && c.GetProperty("proposed").GetProperty("tokens_vs_anchor").GetDouble() < 1);
    }

    [Fact]
    public void Calibrate_NothingCertifiable_ServesTheAnchorSaysSoAndWritesItsHeldOutLossInThePolicyFile()
    {
        var trace = SynthTrace(40);
        var policy = Path.Combine(_dir, "anchor.json");
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", trace, "--family", "sc", "--epsilon", "0", "--cap", "12", "--repeats", "2", "--format", "json", "--out", policy);
        Assert.True(exit == 0, error);
        var doc = Json(output);
        Assert.Equal("ac:confidence=0.95", doc.GetProperty("chosen").GetString());
        Assert.True(doc.GetProperty("certification").GetProperty("anchor_served").GetBoolean());

        var file = PolicyFile.Load(policy);
        Assert.Equal("ac:confidence=0.95", file.Spec);
        var certification = file.Certification!.Value;
        Assert.False(certification.GetProperty("certified").GetBoolean());
        Assert.Contains("the anchor ac:confidence=0.95 is served", certification.GetProperty("verdict").GetString());
        Assert.Equal("ac:confidence=0.95", certification.GetProperty("chosen").GetProperty("policy").GetString());
        Assert.Equal("ac:confidence=0.95", file.Holdout!.Value.GetProperty("policy").GetProperty("policy").GetString());
        Assert.Equal("ac:confidence=0.95", file.Calibration!.Value.GetProperty("policy").GetProperty("policy").GetString());

        var table = CliRunner.Run("calibrate", "--trace", trace, "--family", "sc", "--epsilon", "0", "--cap", "12", "--repeats", "2");
        Assert.True(table.Exit == 0, table.Error);
        Assert.StartsWith("chosen: ac:confidence=0.95 (the anchor)", table.Out);
        Assert.Contains("NOT certified", table.Out);
        Assert.Contains("upper bound", table.Out);
    }

    [Fact]
    public void Calibrate_AnchorNone_ServesTheSearchsChoiceAndOnlyReportsItsBound()
    {
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", SynthTrace(40), "--family", "sc", "--epsilon", "0", "--anchor", "none", "--cap", "12", "--repeats", "2", "--format", "json");
        Assert.True(exit == 0, error);
        var doc = Json(output);
        Assert.Equal(doc.GetProperty("proposed").GetString(), doc.GetProperty("chosen").GetString());
        Assert.StartsWith("sc:", doc.GetProperty("chosen").GetString());
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("certification").GetProperty("anchor").ValueKind);
        Assert.False(doc.GetProperty("certification").GetProperty("anchor_served").GetBoolean());
    }

    [Fact]
    public void Calibrate_SplitAndMargin_StillWork_TheMarginSettingTheBoundInStandardErrors()
    {
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", SynthTrace(40), "--family", "ac", "--split", "0.5", "--margin", "1", "--cap", "12", "--repeats", "2", "--format", "json");
        Assert.True(exit == 0, error);
        var c = Json(output).GetProperty("certification");
        Assert.Equal("split 0.5", c.GetProperty("procedure").GetString());
        Assert.Equal(0.5, c.GetProperty("split").GetDouble());
        Assert.Equal(20, c.GetProperty("questions").GetInt32());
        Assert.Equal(1, c.GetProperty("z").GetDouble());
        Assert.Equal(0.841345, c.GetProperty("level").GetDouble(), 5);
    }

    [Theory]
    [InlineData(new[] { "--level", "0.9", "--margin", "1" }, "--level and --margin cannot be used together")]
    [InlineData(new[] { "--folds", "0" }, "for a single split use --split 0.5")]
    [InlineData(new[] { "--level", "1" }, "level 1 is invalid")]
    [InlineData(new[] { "--anchor", "nope" }, "unknown policy 'nope'")]
    [InlineData(new[] { "--format", "csv" }, "--format csv is not supported by calibrate; use table or json")]
    [InlineData(new[] { "--out", "/no/such/folder/policy.json" }, "--out /no/such/folder/policy.json cannot be written: the folder /no/such/folder does not exist")]
    public void Calibrate_BadCertificationArguments_ExitNonZeroWithOneClearLine(string[] extra, string mention)
    {
        var (exit, output, error) = CliRunner.Run(["calibrate", "--trace", SynthTrace(20), "--family", "ac", "--cap", "12", "--repeats", "1", .. extra]);
        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dynasor: error: ", line);
        Assert.Contains(mention, line);
    }

    [Theory]
    [InlineData("--cap", "5000")]
    [InlineData("--repeats", "0")]
    public void Calibrate_SizeOutOfRange_NamesTheOptionAndItsRange(string option, string value)
    {
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", SynthTrace(20), "--family", "ac", option, value);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"{option} {value} is out of range; use 1..1000", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Calibrate_TraceWithFewerSamplesThanCap_WarnsLikeReplayAndAnnouncesThePolicyFile()
    {
        var policy = Path.Combine(_dir, "few.json");
        var (exit, _, error) = CliRunner.Run("calibrate", "--trace", SynthTrace(20), "--family", "ac", "--cap", "40", "--repeats", "1", "--format", "json", "--out", policy);
        Assert.True(exit == 0, error);
        Assert.Contains("has at most 12 samples per question, fewer than --cap 40", error);
        Assert.Contains($"wrote the policy file to {policy}", error);
        Assert.Contains($"use it with --policy @{policy}", error);
    }
}
