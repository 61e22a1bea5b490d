using System.Text.Json;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Cli;

/// <summary>
/// The real <c>dynasor serve</c> with <c>--reward-upstream</c> in front of the real <c>dynasor sim-engine</c>, which serves
/// both the policy model (OpenAI API) and its simulated PRM (<c>/pooling</c>, <c>/classify</c>), as a vLLM pair would.
/// </summary>
public sealed class RewardServeProcessTests
{
    [Fact]
    public async Task Serve_RewardUpstreamIsSimEngine_RebaseAnswersAndHealthNamesTheRewardModel()
    {
        await using var engine = await CliProcess.StartAsync("sim-engine", "--port", "0", "--time-scale", "0");
        await using var serve = await CliProcess.StartAsync("serve", "--port", "0", "--upstream", engine.Url + "/v1",
            "--reward-upstream", engine.Url + "/v1", "--reward-model", "dynasor-sim", "--reward-kind", "prm");

        using var response = await Http.PostAsync(serve.Url + "/v1/chat/completions",
            Http.Chat(",\"seed\":4,\"dynasor\":{\"mode\":\"rebase\",\"width\":4}", "What is 17*23?").Replace("\"model\":\"m\"", "\"model\":\"dynasor-sim\""));
        var body = await Http.JsonAsync(response);
        using var health = JsonDocument.Parse(await Http.Client.GetStringAsync(serve.Url + "/health"));

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Contains("\\boxed{", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.True(body.GetProperty("dynasor").GetProperty("reward_tokens").GetInt64() > 0);
        var reward = health.RootElement.GetProperty("reward_model");
        Assert.Equal((engine.Url + "/v1", "prm", "dynasor-sim", "up"),
            (reward.GetProperty("upstream").GetString(), reward.GetProperty("kind").GetString(), reward.GetProperty("model").GetString(), reward.GetProperty("state").GetString()));
    }

    [Theory]
    [InlineData("--reward-kind", "judge", "dynasor: error: --reward-kind 'judge' is unknown")]
    [InlineData("--reward-upstream", "prm-host:8000", "dynasor: error: --reward-upstream 'prm-host:8000' is not an http(s) URL")]
    [InlineData("--reward-model", "prm", "dynasor: error: A reward model is described")]
    [InlineData("--reward-key-env", "DYNASOR_TEST_UNSET_VARIABLE", "dynasor: error: A reward model is described")]
    public async Task Serve_BadRewardOption_OneLineErrorExit2(string option, string value, string expected)
    {
        var (exitCode, error) = await CliProcess.RunAsync("serve", "--port", "0", "--time-scale", "0", option, value);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Serve_RewardKeyVariableUnset_OneLineErrorExit2()
    {
        var (exitCode, error) = await CliProcess.RunAsync("serve", "--port", "0", "--time-scale", "0", "--reward-upstream", "http://127.0.0.1:9/v1",
            "--reward-key-env", "DYNASOR_TEST_UNSET_VARIABLE");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("dynasor: error: --reward-key-env DYNASOR_TEST_UNSET_VARIABLE", error);
    }
}
