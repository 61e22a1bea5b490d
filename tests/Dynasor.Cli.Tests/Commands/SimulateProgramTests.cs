using System.Text.Json;

namespace Dynasor.Cli.Tests.Commands;

/// <summary><c>dynasor simulate --program</c>: tree programs and mixes.</summary>
[Collection(nameof(CliCollection))]
public class SimulateProgramTests : IDisposable
{
    private static readonly string[] Tiny = ["--width", "8", "--iterations", "4", "--cap", "8", "--programs", "12", "--scheduler", "fcfs", "--format", "json"];

    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-simprog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Json(params string[] args)
    {
        var (exit, output, error) = CliRunner.Run(["simulate", .. args, .. Tiny]);
        Assert.True(exit == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [Fact]
    public void Simulate_TreeMix_DefaultsToUniformAndCertaindexRows()
    {
        var results = Json("--program", "rebase", "--program", "mcts:2").GetProperty("results");
        Assert.Equal(["uniform", "certaindex"], results.EnumerateArray().Select(r => r.GetProperty("allocation").GetString()));
        Assert.All(results.EnumerateArray(), r => Assert.Equal(12, r.GetProperty("programs").GetInt32()));
        // Even at each kind's cap spends more than stopping at the detect points.
        Assert.True(results[0].GetProperty("tokens_per_program").GetDouble() > results[1].GetProperty("tokens_per_program").GetDouble());
    }

    [Fact]
    public void Simulate_ScAlone_KeepsItsDefaultAllocations()
    {
        var results = Json().GetProperty("results");
        Assert.Equal(["sc:n=8", "settle:after=16,confidence=0.9,lead=0,share=0.3,unanimous=2"], results.EnumerateArray().Select(r => r.GetProperty("allocation").GetString()));
    }

    [Fact]
    public void Simulate_PerKindAllocation_LabelsTheRowWithEachKindsPolicy()
    {
        var results = Json("--program", "sc", "mcts", "--allocation", "sc=sc:n=2;mcts=certaindex").GetProperty("results");
        Assert.Equal("sc=sc:n=2;mcts=certaindex", Assert.Single(results.EnumerateArray()).GetProperty("allocation").GetString());
    }

    [Fact]
    public void Simulate_BaseDeadline_OverridesEveryKind()
    {
        // MCTS's own base deadline (60 s) is met by some programs at SLO scale 10; a millisecond is met by none.
        Assert.True(Json("--program", "mcts", "--slo-scale", "10").GetProperty("results")[0].GetProperty("attainment").GetDouble() > 0);
        Assert.Equal(0, Json("--program", "mcts", "--slo-scale", "10", "--base-deadline", "0.001").GetProperty("results")[0].GetProperty("attainment").GetDouble());
    }

    [Fact]
    public void Simulate_SeveralRateRanges_SweepsTheirUnionInOrder()
    {
        var results = Json("--program", "mcts", "--allocation", "uniform", "--rate", "2:3:1", "0.5", "2").GetProperty("results");
        Assert.Equal([0.5, 2, 3], results.EnumerateArray().Select(r => r.GetProperty("rate").GetDouble()));
    }

    [Fact]
    public void Simulate_TreeQuestions_AreTheTextsEvalSeeds()
    {
        // The simulator asks program i the (i+1)-th question eval writes for the same seed (pinned on its side in Dynasor.Tests).
        var file = Path.Combine(_dir, "q.jsonl");
        Assert.Equal(0, CliRunner.Run(["eval", "--write-questions", file, "--questions", "3", "--seed", "7"]).Exit);
        Assert.Contains("Eval question 3 (seed 7): what is the final answer?", File.ReadAllLines(file)[2]);
    }

    [Theory]
    [InlineData(new[] { "--program", "cot" }, "--program 'cot': unknown program 'cot'; use sc, rebase or mcts")]
    [InlineData(new[] { "--program", "mcts:0" }, "--program mcts: weight 0 is out of range; use a number above 0")]
    [InlineData(new[] { "--program", "mcts", "mcts" }, "--program mcts is given twice")]
    [InlineData(new[] { "--program", "rebase", "mcts", "--allocation", "rebase=uniform" }, "--allocation 'rebase=uniform' gives no policy for mcts programs; add mcts=SPEC")]
    [InlineData(new[] { "--program", "mcts", "--allocation", "mcts=batch" }, "policy 'batch' allocates across a batch")]
    [InlineData(new[] { "--program", "mcts", "--trace", "t.jsonl" }, "--trace gives the questions of sc programs, and --program mcts has none; add --program sc or leave --trace out")]
    [InlineData(new[] { "--program", "rebase", "--holdout", "0.5" }, "--holdout splits the sc programs' trace, and --program rebase has none")]
    [InlineData(new[] { "--width", "0" }, "--width 0 is out of range; use 1..1000 (for example 64)")]
    [InlineData(new[] { "--iterations", "1001" }, "--iterations 1001 is out of range; use 1..1000 (for example 20)")]
    [InlineData(new[] { "--base-deadline", "soon" }, "--base-deadline 'soon' is not a number")]
    public void Simulate_BadProgramOption_ExitsTwoWithOneLineNamingItAndTheFix(string[] args, string message)
    {
        var (exit, output, error) = CliRunner.Run(["simulate", .. args, "--programs", "5"]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
