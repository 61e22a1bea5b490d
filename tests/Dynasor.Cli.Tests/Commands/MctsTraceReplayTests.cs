using System.Text.Json;

namespace Dynasor.Cli.Tests.Commands;

/// <summary>
/// <c>eval --mode mcts --write-trace</c> then <c>replay --program mcts</c>: the recorded searches replayed in search
/// order give exactly eval's rows, so replay and calibrate judge MCTS policies on the searches eval ran.
/// </summary>
[Collection(nameof(CliCollection))]
public sealed class MctsTraceReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-mcts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Replay_EvalWrittenMctsTrace_ReproducesEvalsRows()
    {
        var trace = Path.Combine(_dir, "mcts.jsonl");
        string[] policies = ["sc:n=2", "sc:n=6", "static:detect=3,reward=0.4,threshold=0"];
        var (exit, output, error) = CliRunner.Run(["eval", "--mode", "mcts", "--questions", "12", "--caps", "2", "6", "--format", "json", "--write-trace", trace]);
        Assert.True(exit == 0, error);
        using var eval = JsonDocument.Parse(output);
        var evalRows = eval.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("setting").GetString()!, r => (Acc: r.GetProperty("accuracy").GetDouble(), Tokens: r.GetProperty("upstream_tokens_per_question").GetDouble()));

        (exit, output, error) = CliRunner.Run(["replay", "--trace", trace, "--program", "mcts", "--cap", "6", "--repeats", "2", "--format", "json", "--policy", .. policies]);
        Assert.True(exit == 0, error);
        using var replay = JsonDocument.Parse(output);
        var replayRows = replay.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(policies, replayRows.Select(r => r.GetProperty("policy").GetString()));
        foreach (var row in replayRows)
        {
            var expected = evalRows[row.GetProperty("policy").GetString()!];
            Assert.Equal(expected.Acc, row.GetProperty("accuracy").GetDouble(), 9);
            Assert.Equal(expected.Tokens, row.GetProperty("tokens_per_question").GetDouble(), 6);
            // Search order is kept: every repeat is the same run.
            Assert.Equal(0, row.GetProperty("accuracy_std").GetDouble());
        }
    }
}
