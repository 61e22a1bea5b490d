using System.Text.Json;
using Dynasor.Traces;

namespace Dynasor.Cli.Tests.Commands;

/// <summary><c>dynasor calibrate</c> on traffic without gold answers: it calibrates against SC@cap's own vote and says so.</summary>
[Collection(nameof(CliCollection))]
public sealed class CalibrateUnlabelledTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-cli-unlabelled-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A synthetic trace with every target and grading removed, written as serve --record writes sc traffic.
    private string Recorded()
    {
        var synth = Path.Combine(_dir, "synth.jsonl");
        Assert.Equal(0, CliRunner.Run("synth", "--questions", "60", "--samples", "12", "--out", synth).Exit);
        var recording = Directory.CreateDirectory(Path.Combine(_dir, "traffic")).FullName;
        using var writer = new TraceWriter(Path.Combine(recording, RecordedTraffic.FileName("sc", 1)));
        foreach (var q in TraceReader.Read(synth))
            writer.Write(q with { Target = null, Samples = q.Samples.Select(s => s with { Correct = null }).ToList() });
        return recording;
    }

    [Fact]
    public void Calibrate_RecordedTrafficWithoutTargets_SaysItMeasuredAgreementWithScAtCap()
    {
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", Recorded(), "--family", "settle", "--cap", "12", "--repeats", "2", "--epsilon", "0.02");

        Assert.True(exit == 0, error);
        Assert.StartsWith("measured: agreement with SC@cap, NOT accuracy.", output);
        Assert.Contains("has no gold answers, so calibrating against SC@cap's own vote (--labels sc-vote)", error);
        // SC@cap agrees with its own vote on every question.
        Assert.Matches(@"sc:n=12\s*│\s*100\.00%", output);
    }

    [Fact]
    public void Calibrate_FormatJson_NamesTheLabelsAndWhatWasMeasured()
    {
        var (exit, output, error) = CliRunner.Run("calibrate", "--trace", Recorded(), "--family", "esc", "--cap", "12", "--repeats", "2", "--format", "json");

        Assert.True(exit == 0, error);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.Equal("sc-vote", doc.GetProperty("labels").GetString());
        Assert.StartsWith("agreement with SC@cap", doc.GetProperty("measured").GetString());
        Assert.Equal("sc-vote", doc.GetProperty("certification").GetProperty("labels").GetString());
    }

    [Theory]
    [InlineData("--family", "terminate", "family 'terminate' cannot be calibrated without gold answers")]
    [InlineData("--labels", "gold", "has no gold answers (no question has a \"target\", no sample a \"correct\"); calibrate against SC@cap's own vote with --labels sc-vote")]
    [InlineData("--labels", "silver", "--labels 'silver' is unknown; use auto, gold or sc-vote")]
    public void Calibrate_UnlabelledTraceAndAnOptionThatNeedsGold_FailsWithOneLineNamingTheFix(string option, string value, string expected)
    {
        var args = new List<string> { "calibrate", "--trace", Recorded(), "--cap", "12", "--repeats", "2", option, value };
        if (option != "--family")
            args.AddRange(["--family", "settle"]);

        var (exit, _, error) = CliRunner.Run([.. args]);

        Assert.NotEqual(0, exit);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Replay_RecordedTrafficWithoutTargets_SaysAccuracyIsAgreement()
    {
        var recording = Recorded();

        var (exit, output, error) = CliRunner.Run("replay", "--trace", recording, "--policy", "sc:n=12", "settle", "--cap", "12", "--repeats", "2");

        Assert.True(exit == 0, error);
        Assert.Contains($"{recording} has no gold answers: 'accuracy' there is agreement with SC@cap's vote", output);
        Assert.Matches(@"sc:n=12\s*│\s*100\.00%", output);
    }
}
