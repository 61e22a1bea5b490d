using System.Text.Json;
using Dynasor.Server.Hosting;
using Dynasor.SimEngine;

namespace Dynasor.Cli.Tests.Commands;

[Collection(nameof(CliCollection))]
public class EvalCommandTests
{
    [Fact]
    public void Eval_FormatJson_PrintsOneDocumentWithBaselinesFirst()
    {
        var (exit, output, error) = CliRunner.Run("eval", "--questions", "6", "--effort", "mid", "crazy", "--policy", "ac", "--max-samples", "4", "--format", "json");
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(6, doc.RootElement.GetProperty("questions").GetInt32());
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["off", "cot", "cot", "sc", "sc"], results.Select(r => r.GetProperty("mode").GetString()));
        Assert.Equal(["-", "mid (k=3, T=64)", "crazy (k=2, T=32)", "sc:n=4", "ac:confidence=0.95"], results.Select(r => r.GetProperty("setting").GetString()));
        Assert.Equal(0, results[0].GetProperty("token_saving_vs_baseline").GetDouble());
        Assert.Equal(4, results[3].GetProperty("samples_per_question").GetDouble());
        foreach (var r in results)
        {
            Assert.InRange(r.GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.True(r.GetProperty("upstream_tokens_per_question").GetDouble() > 0);
        }
        // Dynasor-CoT generates less than plain generation, whose chains it continues.
        Assert.True(results[1].GetProperty("upstream_tokens_per_question").GetDouble() < results[0].GetProperty("upstream_tokens_per_question").GetDouble());
    }

    [Fact]
    public void Eval_SameSeedTwice_GivesTheSameNumbers()
    {
        string[] args = ["eval", "--questions", "5", "--mode", "cot", "--effort", "high", "--format", "json"];
        var first = CliRunner.Run(args);
        var second = CliRunner.Run(args);
        Assert.Equal(0, first.Exit);
        Assert.Equal(first.Out, second.Out);
    }

    [Fact]
    public void Eval_Table_NamesEveryRow()
    {
        var (exit, output, _) = CliRunner.Run("eval", "--questions", "3", "--mode", "cot", "--effort", "low");
        Assert.Equal(0, exit);
        Assert.Contains("low (k=5, T=64)", output);
        Assert.Contains("saving vs baseline", output);
    }

    [Theory]
    [InlineData("--effort", "turbo", "effort 'turbo' is unknown")]
    [InlineData("--mode", "both", "--mode 'both' is unknown")]
    [InlineData("--questions", "0", "--questions 0 is out of range")]
    [InlineData("--policy", "bogus", "unknown policy 'bogus'")]
    [InlineData("--upstream", "http://127.0.0.1:9/v1", "needs --questions-file")]
    [InlineData("--questions-file", "q.jsonl", "give --upstream URL too")]
    [InlineData("--format", "csv", "--format csv is not supported by eval; use table or json")]
    public void Eval_BadArgument_PrintsOneErrorLineAndExits2(string option, string value, string expected)
    {
        var (exit, output, error) = CliRunner.Run("eval", option, value);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dynasor: error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task Eval_UpstreamOverHttp_MatchesTheInProcessEngineExactly()
    {
        // The same seeded engine behind real HTTP (chat continuation, probes, seeded samples) must give the same
        // chains, probes, votes and token counts as in process: the HTTP engine adds transport, nothing else.
        var questions = Path.Combine(Path.GetTempPath(), $"dynasor-eval-{Guid.NewGuid():N}.jsonl");
        await using var engine = new SimulatedEngine(new SimEngineOptions { Seed = 4, TimeScale = 0 }, TimeProvider.System);
        await using var app = DynasorServer.Build(new ServerOptions(Port: 0, Role: ServerRole.Engine).Validate(), SimulatedServing.Serve(engine));
        var url = await DynasorServer.StartAsync(app);
        try
        {
            string[] common = ["--questions", "4", "--seed", "4", "--effort", "mid", "--policy", "ac", "--max-samples", "4", "--format", "json"];
            Assert.Equal(0, CliRunner.Run(["eval", "--write-questions", questions, "--questions", "4", "--seed", "4"]).Exit);
            var local = CliRunner.Run(["eval", .. common]);
            var remote = CliRunner.Run(["eval", "--upstream", $"{url.TrimEnd('/')}/v1", "--questions-file", questions, .. common]);
            Assert.True(remote.Exit == 0, remote.Error);
            using var a = JsonDocument.Parse(local.Out);
            using var b = JsonDocument.Parse(remote.Out);
            Assert.Equal(a.RootElement.GetProperty("results").GetRawText(), b.RootElement.GetProperty("results").GetRawText());
            Assert.StartsWith("http://127.0.0.1:", b.RootElement.GetProperty("engine").GetString());
        }
        finally
        {
            File.Delete(questions);
            await app.StopAsync();
        }
    }

    [Fact]
    public void Eval_MalformedQuestionsFile_NamesFileAndLine()
    {
        var questions = Path.Combine(Path.GetTempPath(), $"dynasor-eval-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(questions, ["{\"question\":\"q1\",\"answer\":\"1\"}", "{\"question\":\"q2\"}"]);
        try
        {
            var (exit, _, error) = CliRunner.Run("eval", "--upstream", "http://127.0.0.1:9/v1", "--questions-file", questions);
            Assert.Equal(2, exit);
            Assert.Contains($"{questions}:2: \"answer\" must be a non-empty string", error);
        }
        finally
        {
            File.Delete(questions);
        }
    }
}
