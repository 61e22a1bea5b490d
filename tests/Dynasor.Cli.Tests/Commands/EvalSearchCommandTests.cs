using System.Text.Json;
using Dynasor.Server.Hosting;
using Dynasor.SimEngine;
using Dynasor.Traces;

namespace Dynasor.Cli.Tests.Commands;

/// <summary><c>dynasor eval --mode rebase|mcts|bon|wsc</c> on the in-process simulated engine and over HTTP.</summary>
[Collection(nameof(CliCollection))]
public class EvalSearchCommandTests
{
    private static List<JsonElement> Results(JsonDocument doc) => doc.RootElement.GetProperty("results").EnumerateArray().ToList();

    [Fact]
    public void Eval_MctsJson_EvenRowsThenPoliciesWithRewardTokensAndSteps()
    {
        var (exit, output, error) = CliRunner.Run("eval", "--mode", "mcts", "--questions", "8", "--caps", "2", "4", "--format", "json");

        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal([2, 4], doc.RootElement.GetProperty("caps").EnumerateArray().Select(c => c.GetInt32()));
        var rows = Results(doc);
        Assert.Equal(["sc:n=2", "sc:n=4", "static:detect=3,reward=0.4,threshold=0", "static:detect=3,reward=0.4,threshold=0.99", "terminate:after=3,below=0.2"],
            rows.Select(r => r.GetProperty("setting").GetString()));
        Assert.All(rows, r => Assert.Equal("mcts", r.GetProperty("mode").GetString()));
        var baseline = rows[1];
        Assert.Equal(0, baseline.GetProperty("token_saving_vs_baseline").GetDouble());
        Assert.Equal(0, baseline.GetProperty("accuracy_vs_baseline").GetDouble());
        Assert.Equal(4, baseline.GetProperty("samples_per_question").GetDouble());
        foreach (var row in rows)
        {
            Assert.True(row.GetProperty("reward_tokens_per_question").GetDouble() > 0);
            Assert.True(row.GetProperty("steps_per_question").GetDouble() > 0);
            var saving = 1 - row.GetProperty("upstream_tokens_per_question").GetDouble() / baseline.GetProperty("upstream_tokens_per_question").GetDouble();
            Assert.Equal(saving, row.GetProperty("token_saving_vs_baseline").GetDouble(), 3);
        }
        // Half the cap costs less than the cap: the even rows are a real curve.
        Assert.True(rows[0].GetProperty("upstream_tokens_per_question").GetDouble() < baseline.GetProperty("upstream_tokens_per_question").GetDouble());
    }

    [Fact]
    public void Eval_BonTwoSeeds_RowsCarryTheirSpreadOverSeeds()
    {
        var (exit, output, error) = CliRunner.Run("eval", "--mode", "bon", "--questions", "6", "--caps", "2", "4", "--seeds", "2", "--seed", "7", "--format", "json");

        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal([7, 8], doc.RootElement.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        foreach (var row in Results(doc))
        {
            foreach (var field in new[] { "accuracy_std", "upstream_tokens_per_question_std", "token_saving_vs_baseline_std", "accuracy_vs_baseline_std" })
                Assert.True(row.GetProperty(field).GetDouble() >= 0, field);
            Assert.False(row.TryGetProperty("steps_per_question", out _));
        }
    }

    [Fact]
    public void Eval_TwoSeeds_MeanIsTheMeanOfTheSingleSeedRuns()
    {
        string[] common = ["eval", "--mode", "wsc", "--questions", "5", "--caps", "3", "--format", "json"];
        var a = Results(JsonDocument.Parse(CliRunner.Run([.. common, "--seed", "1"]).Out))[0].GetProperty("upstream_tokens_per_question").GetDouble();
        var b = Results(JsonDocument.Parse(CliRunner.Run([.. common, "--seed", "2"]).Out))[0].GetProperty("upstream_tokens_per_question").GetDouble();

        var both = Results(JsonDocument.Parse(CliRunner.Run([.. common, "--seed", "1", "--seeds", "2"]).Out))[0];

        Assert.Equal((a + b) / 2, both.GetProperty("upstream_tokens_per_question").GetDouble(), 2);
        Assert.Equal(Math.Abs(a - b) / Math.Sqrt(2), both.GetProperty("upstream_tokens_per_question_std").GetDouble(), 2);
    }

    [Fact]
    public void Eval_RebaseTable_NamesTheBaselineAndTheKnob()
    {
        var (exit, output, error) = CliRunner.Run("eval", "--mode", "rebase", "--questions", "3", "--caps", "2", "4");

        Assert.True(exit == 0, error);
        Assert.Contains("solutions/q", output);
        Assert.Contains("saving at equal acc", output);
        Assert.Contains("sc:n=4 for rebase", output);
    }

    [Fact]
    public void Eval_MctsWriteTrace_WritesEveryIterationInSearchOrder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dynasor-mcts-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (exit, _, error) = CliRunner.Run("eval", "--mode", "mcts", "--questions", "4", "--caps", "3", "5", "--write-trace", path, "--format", "json");

            Assert.True(exit == 0, error);
            Assert.Contains("MCTS iterations (in search order)", error);
            var trace = TraceReader.Read(path).ToList();
            Assert.Equal(["1", "2", "3", "4"], trace.Select(q => q.Id));
            Assert.All(trace, q => Assert.Equal(5, q.Samples.Count));
            Assert.All(trace, q => Assert.StartsWith("mcts iterations, simulated seed 0", q.Dataset));
            Assert.All(trace.SelectMany(q => q.Samples), s => Assert.NotNull(s.Correct));
            // The first iteration always generates; a later one may revisit a finished path for nothing.
            Assert.All(trace, q => Assert.True(q.Samples[0].Tokens > 0));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "--mode", "rebase", "--caps", "0" }, "--caps 0 is out of range; use 1..1000")]
    [InlineData(new[] { "--mode", "mcts", "--caps", "three" }, "--caps 'three' is not a whole number")]
    [InlineData(new[] { "--mode", "sc", "--caps", "4" }, "--caps sets the even rows of rebase, mcts, bon, wsc")]
    [InlineData(new[] { "--mode", "mcts", "--max-samples", "8" }, "--max-samples is the sc cap; --mode mcts takes its caps from --caps")]
    [InlineData(new[] { "--mode", "bon", "--write-trace", "t.jsonl" }, "--write-trace records MCTS iterations; use it with --mode mcts")]
    [InlineData(new[] { "--mode", "sc", "--reward-noise", "1" }, "--reward-noise sets the reward model of rebase, mcts, bon, wsc")]
    [InlineData(new[] { "--mode", "mcts", "--reward-upstream", "http://127.0.0.1:9/v1" }, "--reward-upstream scores a live upstream's solutions; give --upstream URL too")]
    [InlineData(new[] { "--mode", "mcts", "--reward-model", "prm" }, "--reward-model needs --reward-upstream URL")]
    [InlineData(new[] { "--mode", "mcts", "--upstream", "http://127.0.0.1:9/v1" }, "--mode mcts over --upstream needs --reward-upstream URL")]
    [InlineData(new[] { "--mode", "mcts", "--upstream", "http://127.0.0.1:9/v1", "--reward-upstream", "http://127.0.0.1:9", "--reward-noise", "1" }, "--reward-noise sets the in-process simulated PRM")]
    [InlineData(new[] { "--mode", "mcts", "--upstream", "http://127.0.0.1:9/v1", "--reward-upstream", "http://127.0.0.1:9", "--reward-kind", "orm" }, "--reward-kind 'orm' is unknown; use prm")]
    [InlineData(new[] { "--mode", "bon", "--seeds", "2", "--upstream", "http://127.0.0.1:9/v1", "--reward-upstream", "http://127.0.0.1:9" }, "--seeds runs the in-process engine at several seeds")]
    [InlineData(new[] { "--mode", "rebase", "--policy", "batch" }, "cannot run one program alone")]
    [InlineData(new[] { "--mode", "beam" }, "--mode 'beam' is unknown; use cot, sc, all, rebase, mcts, bon or wsc")]
    [InlineData(new[] { "--seeds", "0" }, "--seeds 0 is out of range; use 1..100")]
    public void Eval_BadSearchArgument_OneLineNamingTheOptionExit2(string[] args, string expected)
    {
        var (exit, output, error) = CliRunner.Run(["eval", .. args]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dynasor: error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task Eval_MctsOverHttpAgainstSimEngineProcess_MatchesTheInProcessRun()
    {
        // The same seeded engine and PRM behind real HTTP (step continuations with a stop, /pooling scores) give the
        // same steps, rewards and counts as in process: HTTP adds transport, nothing else.
        var questions = Path.Combine(Path.GetTempPath(), $"dynasor-eval-{Guid.NewGuid():N}.jsonl");
        await using var server = await SimEngineProcess.StartAsync("--seed", "5", "--time-scale", "0");
        try
        {
            string[] common = ["eval", "--mode", "mcts", "--questions", "4", "--seed", "5", "--caps", "2", "3", "--format", "json"];
            Assert.Equal(0, CliRunner.Run(["eval", "--write-questions", questions, "--questions", "4", "--seed", "5"]).Exit);
            var local = CliRunner.Run(common);
            var remote = CliRunner.Run([.. common, "--upstream", server.Url + "/v1", "--reward-upstream", server.Url + "/v1", "--questions-file", questions]);

            Assert.True(remote.Exit == 0, remote.Error);
            using var a = JsonDocument.Parse(local.Out);
            using var b = JsonDocument.Parse(remote.Out);
            Assert.Equal(a.RootElement.GetProperty("results").GetRawText(), b.RootElement.GetProperty("results").GetRawText());
            Assert.Equal(server.Url + "/v1", b.RootElement.GetProperty("engine").GetString());
        }
        finally
        {
            File.Delete(questions);
        }
    }

    [Fact]
    public async Task Eval_RewardUpstreamDown_OneLineNamingTheRewardServerBeforeAnyQuestion()
    {
        var questions = Path.Combine(Path.GetTempPath(), $"dynasor-eval-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(questions, "{\"question\":\"q1\",\"answer\":\"1\"}\n");
        await using var engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 0 }, TimeProvider.System);
        await using var app = DynasorServer.Build(new ServerOptions(Port: 0, Role: ServerRole.Engine).Validate(), SimulatedServing.Serve(engine));
        var url = await DynasorServer.StartAsync(app);
        try
        {
            var (exit, output, error) = CliRunner.Run("eval", "--mode", "mcts", "--upstream", $"{url.TrimEnd('/')}/v1", "--reward-upstream", "http://127.0.0.1:9",
                "--questions-file", questions, "--format", "json");

            Assert.Equal(2, exit);
            Assert.Equal("", output);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("dynasor: error: ", line);
            Assert.Contains("127.0.0.1:9", line);
            Assert.Contains("--reward-upstream", line);
        }
        finally
        {
            File.Delete(questions);
            await app.StopAsync();
        }
    }
}
