using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Cli;

/// <summary>The real <c>dynasor serve</c> process, talked to over loopback.</summary>
[Collection(ServerCollection.Name)]
public sealed class ServeProcessTests(ServerFixture servers)
{
    [Fact]
    public async Task Serve_PortZeroInFrontOfUpstream_PrintsUrlAndServesChat()
    {
        await using var cli = await CliProcess.StartAsync("serve", "--port", "0", "--upstream", servers.Upstream.Url + "/ok/v1");

        using var response = await Http.PostAsync(cli.Url + "/v1/chat/completions", Http.Chat());
        var body = await Http.JsonAsync(response);

        Assert.Matches("^http://127.0.0.1:[1-9][0-9]*$", cli.Url);
        Assert.Equal("The answer 42", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Serve_MissingKeyVariable_OneLineErrorExit2()
    {
        var (exitCode, error) = await CliProcess.RunAsync("serve", "--port", "0", "--upstream", "http://127.0.0.1:9/v1", "--api-keys-env", "DYNASOR_TEST_UNSET_VARIABLE");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("dynasor: error: --api-keys-env DYNASOR_TEST_UNSET_VARIABLE", error);
    }

    [Fact]
    public async Task Serve_SimReplicas_HealthListsEachReplicaWithScheduler()
    {
        await using var cli = await CliProcess.StartAsync("serve", "--port", "0", "--sim-replicas", "2", "--time-scale", "0", "--scheduler", "gang", "--max-inflight", "4");

        using var health = System.Text.Json.JsonDocument.Parse(await Http.Client.GetStringAsync(cli.Url + "/health"));
        var replicas = health.RootElement.GetProperty("replicas").EnumerateArray().ToList();

        Assert.Equal("gang", health.RootElement.GetProperty("scheduler").GetString());
        Assert.Equal(["simulated", "simulated-1"], replicas.Select(r => r.GetProperty("upstream").GetString()));
        Assert.All(replicas, r => Assert.Equal(4, r.GetProperty("max_inflight").GetInt32()));
    }

    [Theory]
    [InlineData("--max-inflight", "0", "dynasor: error: --max-inflight 0 must be at least 1")]
    [InlineData("--scheduler", "nope", "dynasor: error: --scheduler: unknown scheduler 'nope'; known schedulers: fcfs, prefix, gang, dynasor, slack, plas")]
    [InlineData("--upstream-priority", "first", "dynasor: error: '--upstream-priority' 'first' is unknown")]
    public async Task Serve_BadSchedulingOption_OneLineErrorExit2(string option, string value, string expected)
    {
        var (exitCode, error) = await CliProcess.RunAsync("serve", "--port", "0", option, value);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Serve_SigtermWithAStreamInFlight_StreamEndsWithAShutdownErrorAndExit0()
    {
        // The simulated engine at its real pace: a Dynasor-CoT answer takes about 20 s, far past the 1 s drain.
        await using var cli = await CliProcess.StartAsync("serve", "--port", "0", "--drain-timeout", "1");
        using var response = await Http.PostAsync(cli.Url + "/v1/chat/completions", Http.Chat(",\"stream\":true,\"dynasor\":{\"mode\":\"cot\"}").Replace("\"model\":\"m\"", "\"model\":\"dynasor-sim\""),
            option: HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();

        var exit = cli.TerminateAsync();
        var rest = await reader.ReadToEndAsync();

        Assert.StartsWith("data: {", first);
        var last = Http.Events(first + "\n" + rest).Last();
        Assert.Equal("server_shutting_down", System.Text.Json.JsonDocument.Parse(last).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("[DONE]", rest);
        Assert.Equal(0, await exit);
    }

    [Fact]
    public async Task Serve_PortInUse_OneLineErrorExit2()
    {
        await using var first = await CliProcess.StartAsync("serve", "--port", "0", "--time-scale", "0");
        var port = new Uri(first.Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, error) = await CliProcess.RunAsync("serve", "--port", port, "--time-scale", "0");

        Assert.Equal(2, exitCode);
        Assert.Equal($"dynasor: error: --port {port} on 127.0.0.1 is in use by another process; pick another with --port (0 picks a free one).", error.TrimEnd());
    }
}
