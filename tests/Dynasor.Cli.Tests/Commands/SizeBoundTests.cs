namespace Dynasor.Cli.Tests.Commands;

/// <summary>
/// Every size argument has an upper bound, stated in the message with the option and the value, checked before any
/// work starts; no message names a .NET type or an internal option record.
/// </summary>
[Collection(nameof(CliCollection))]
public class SizeBoundTests
{
    [Theory]
    [InlineData("synth --questions 2000000000", "--questions 2000000000 is out of range; use 1..100000")]
    [InlineData("synth --questions 0", "--questions 0 is out of range; use 1..100000")]
    [InlineData("synth --samples 2000000000", "--samples 2000000000 is out of range; use 1..1000")]
    [InlineData("synth --samples 0", "--samples 0 is out of range; use 1..1000")]
    [InlineData("replay --repeats 99999999999", "--repeats 99999999999 is out of range; use 1..1000")]
    [InlineData("replay --repeats 0", "--repeats 0 is out of range; use 1..1000")]
    [InlineData("replay --cap 1001", "--cap 1001 is out of range; use 1..1000")]
    [InlineData("replay --cap many", "--cap 'many' is not a whole number; use 1..1000")]
    [InlineData("simulate --programs 1000000000", "--programs 1000000000 is out of range; use 1..100000")]
    [InlineData("simulate --replicas 5000", "--replicas 5000 is out of range; use 1..1024")]
    [InlineData("simulate --cap 5000", "--cap 5000 is out of range; use 1..1000")]
    [InlineData("simulate --prompt-tokens 2000000", "--prompt-tokens 2000000 is out of range; use 0..1000000")]
    [InlineData("simulate --arrival-cv 0", "--arrival-cv 0 is out of range; use a number above 0, at most 100")]
    [InlineData("simulate --base-deadline -5", "--base-deadline -5 is out of range")]
    [InlineData("simulate --rate 0.001:100:0.001", "--rate '0.001:100:0.001' has 100000 points; at most 1000")]
    [InlineData("simulate --slo-scale 0.01:10:0.01 20:30:0.1", "--slo-scale gives 1101 distinct scales; at most 1000")]
    [InlineData("eval --questions 100001", "--questions 100001 is out of range; use 1..100000")]
    [InlineData("eval --max-samples 1001", "--max-samples 1001 is out of range; use 1..1000")]
    [InlineData("eval --concurrency 100000", "--concurrency 100000 is out of range; use 1..4096")]
    [InlineData("eval --probe-tail -1", "--probe-tail -1 is out of range; use 0..4096")]
    [InlineData("simulate --holdout 2", "--holdout 2 is out of range")]
    [InlineData("serve --time-scale -1", "--time-scale -1 is out of range; use a number from 0 to 1000")]
    [InlineData("sim-engine --max-batch 0", "--max-batch 0 is out of range; use 1..65536")]
    public void SizeBeyondItsBound_FailsAtOnceNamingOptionValueAndRange(string commandLine, string expected)
    {
        var (exit, output, error) = CliRunner.Run(commandLine.Split(' '));
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dynasor: error: ", line);
        Assert.Contains(expected, line);
        foreach (var internalName in new[] { "System.", "Options", "Questions =", "SamplesPerQuestion", "TimeScale", "ProbeTail", "split 2", "Parameter '" })
            Assert.DoesNotContain(internalName, line);
    }

    [Fact]
    public void Synth_AtItsBounds_Runs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dynasor-bounds-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (exit, _, error) = CliRunner.Run("synth", "--questions", "2", "--samples", "1000", "--out", path);
            Assert.True(exit == 0, error);
            var lines = File.ReadAllLines(path);
            Assert.Equal(2, lines.Length);
            Assert.Equal(1000, System.Text.Json.JsonDocument.Parse(lines[0]).RootElement.GetProperty("samples").GetArrayLength());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Help_StatesTheBound()
    {
        var (exit, output, _) = CliRunner.Run("synth", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("1..100000", output);
        Assert.Contains("1..1000", output);
    }
}
