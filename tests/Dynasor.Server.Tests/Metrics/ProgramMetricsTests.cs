using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;
using Dynasor.SimEngine;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>
/// Dynasor's own program metrics after real cot and sc requests to the simulated engine (instant, seeded): each value
/// is the one the response's <c>dynasor</c> object reports for the same choice.
/// </summary>
public sealed class ProgramMetricsTests
{
    [Fact]
    public async Task Metrics_CotAndScRequests_ProbesExitsCertaindexAndTokensAsTheResponsesSay()
    {
        await using var engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(engine));
        var cot = await DynasorAsync(server.Url, "{\"mode\":\"cot\",\"effort\":\"high\"}");
        var sc = await DynasorAsync(server.Url, "{\"mode\":\"sc\",\"max_samples\":8}");

        var scrape = await Scrape.GetAsync(server.Url);
        Assert.Equal(cot.GetProperty("probes").GetInt32(), scrape.Value("dynasor_cot_probes_total"));
        foreach (var (mode, summary) in new[] { ("cot", cot), ("sc", sc) })
        {
            var exited = summary.GetProperty("exited_early").GetBoolean();
            var tags = new[] { ("dynasor_mode", mode), ("dynasor_exited_early", exited ? "true" : "false") };
            Assert.Equal(1, scrape.Value("dynasor_choices_total", tags));
            Assert.Equal(exited ? 1 : 0, scrape.Sum("dynasor_early_exits_total", ("dynasor_mode", mode)));
            Assert.Equal(summary.GetProperty("certaindex").GetDouble(), scrape.Value("dynasor_certaindex_sum", tags), 9);
            Assert.Equal(summary.GetProperty("upstream_tokens").GetInt64(), scrape.Value("dynasor_upstream_tokens_total", ("dynasor_mode", mode)));
            Assert.Equal(summary.GetProperty("upstream_tokens").GetInt64(), scrape.Value("dynasor_choice_upstream_tokens_sum", tags));
            Assert.Equal(1, scrape.Value("dynasor_certaindex_bucket", [.. tags, ("le", "1")]));
        }
        // Probes and discarded samples are generated upstream but never reach the client.
        Assert.True(scrape.Value("dynasor_upstream_tokens_total", ("dynasor_mode", "cot")) > scrape.Value("dynasor_client_tokens_total", ("dynasor_mode", "cot")));
        Assert.Equal(engine.GeneratedTokens, scrape.Value("dynasor_engine_generated_tokens"));
    }

    [Fact]
    public async Task Metrics_RewardModeRequests_RewardTokensAndStepsAsTheResponsesSay()
    {
        await using var engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(engine));
        var mcts = await DynasorAsync(server.Url, "{\"mode\":\"mcts\",\"iterations\":4}");
        var bon = await DynasorAsync(server.Url, "{\"mode\":\"bon\",\"max_samples\":3}");

        var scrape = await Scrape.GetAsync(server.Url);
        foreach (var (mode, summary) in new[] { ("mcts", mcts), ("bon", bon) })
        {
            Assert.True(summary.GetProperty("reward_tokens").GetInt64() > 0);
            Assert.Equal(summary.GetProperty("reward_tokens").GetInt64(), scrape.Value("dynasor_reward_tokens_total", ("dynasor_mode", mode)));
            Assert.Equal(summary.GetProperty("steps").GetInt64(), scrape.Value("dynasor_search_steps_total", ("dynasor_mode", mode)));
        }
    }

    private static async Task<System.Text.Json.JsonElement> DynasorAsync(string url, string settings)
    {
        using var response = await Http.PostAsync(url + "/v1/chat/completions", Http.Chat($",\"max_tokens\":4000,\"seed\":3,\"dynasor\":{settings}", "Sim question 7: what is the answer?"));
        Assert.Equal(200, (int)response.StatusCode);
        return (await Http.JsonAsync(response)).GetProperty("dynasor");
    }
}
