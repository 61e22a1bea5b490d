namespace Dynasor.Cli.Tests.Commands;

/// <summary>Output files are checked for writability before the run starts, and announced with their full path once written.</summary>
[Collection(nameof(CliCollection))]
public class OutputFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string FailsBeforeTheRun(params string[] args)
    {
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        // The results are printed before any file is written: nothing on standard output means nothing ran.
        Assert.Equal("", output);
        return Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableFact]
    public void Replay_ReportUnderProc_FailsBeforeTheRun()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc is Linux's");
        Assert.Contains("--report /proc/x.html cannot be written", FailsBeforeTheRun("replay", "--report", "/proc/x.html"));
    }

    [Theory]
    [InlineData("replay", "--report")]
    [InlineData("replay", "--per-question")]
    [InlineData("simulate", "--report")]
    [InlineData("synth", "--out")]
    [InlineData("eval", "--write-questions")]
    public void OutputInAMissingFolder_FailsBeforeTheRunNamingTheFolder(string command, string option)
    {
        var path = Path.Combine(_dir, "missing", "out.file");
        var line = FailsBeforeTheRun(command, option, path);
        Assert.Equal($"dynasor: error: {option} {path} cannot be written: the folder {Path.Combine(_dir, "missing")} does not exist; create it first or choose another path", line);
    }

    [Fact]
    public void Replay_ReportIsADirectory_SaysSo() =>
        Assert.Contains($"--report {_dir} is a directory", FailsBeforeTheRun("replay", "--report", _dir));

    [Fact]
    public void Replay_FailedRun_LeavesAnExistingReportAsItWasAndCreatesNoFile()
    {
        var existing = Path.Combine(_dir, "old.html");
        File.WriteAllText(existing, "old report");
        var fresh = Path.Combine(_dir, "rows.csv");
        FailsBeforeTheRun("replay", "--report", existing, "--per-question", fresh, "--policy", "nope");
        Assert.Equal("old report", File.ReadAllText(existing));
        Assert.False(File.Exists(fresh));
    }

    [Fact]
    public void Replay_Report_SaysWhereItWroteWithTheFullPath()
    {
        var report = Path.Combine(_dir, "report.html");
        var rows = Path.Combine(_dir, "rows.csv");
        var (exit, output, error) = CliRunner.Run("replay", "--policy", "sc:n=4", "--repeats", "1", "--format", "json", "--report", report, "--per-question", rows);
        Assert.True(exit == 0, error);
        System.Text.Json.JsonDocument.Parse(output).Dispose();
        Assert.Equal([$"wrote the HTML report to {report}", $"wrote the per-question CSV to {rows}"], error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(File.Exists(report));
        Assert.True(File.Exists(rows));
    }

    [Fact]
    public void Simulate_Report_SaysWhereItWrote()
    {
        var report = Path.Combine(_dir, "sim.html");
        var (exit, _, error) = CliRunner.Run("simulate", "--allocation", "sc:n=2", "--scheduler", "fcfs", "--programs", "5", "--report", report);
        Assert.True(exit == 0, error);
        Assert.Contains($"wrote the HTML report to {report}", error);
    }
}
