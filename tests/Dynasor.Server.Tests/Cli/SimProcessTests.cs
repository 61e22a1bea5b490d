using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Cli;

/// <summary><c>dynasor serve</c> without an upstream and <c>dynasor sim-engine</c>, as real processes.</summary>
public sealed class SimProcessTests
{
    [Fact]
    public async Task Serve_NoUpstream_ServesBuiltInSimulatedEngine()
    {
        await using var cli = await CliProcess.StartAsync("serve", "--port", "0", "--time-scale", "0");

        using var response = await Http.PostAsync(cli.Url + "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 17*23?\"}],\"max_tokens\":20}");
        var body = await Http.JsonAsync(response);

        Assert.Equal("dynasor-sim", body.GetProperty("model").GetString());
        Assert.Equal(20, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("off", body.GetProperty("dynasor").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task SimEngine_PortZero_ServesModels()
    {
        await using var cli = await CliProcess.StartAsync("sim-engine", "--port", "0", "--seed", "1", "--time-scale", "0", "--model", "sim-x");

        var models = await Http.JsonAsync(await Http.Client.GetAsync(cli.Url + "/v1/models"));

        Assert.Equal("sim-x", models.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task SimEngine_NegativeTimeScale_OneLineErrorExit2()
    {
        var (exitCode, error) = await CliProcess.RunAsync("sim-engine", "--port", "0", "--time-scale", "-1");

        Assert.Equal(2, exitCode);
        Assert.Contains("--time-scale -1 is out of range", error);
    }
}
