using System.Text.Json;
using Dynasor.Cot;
using Dynasor.Server.Hosting;
using Dynasor.Server.Recording;
using Dynasor.Server.Tests.Fakes;
using Dynasor.SimEngine;
using Dynasor.Traces;

namespace Dynasor.Server.Tests.Recording;

/// <summary>
/// <c>serve --record</c> end to end: a real server over loopback in front of the instant simulated engine writes what the
/// programs saw, which <see cref="TraceReader"/> reads back and which matches what the clients were told.
/// </summary>
public sealed class RecordingServerTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-recording-").FullName;
    private readonly SimulatedEngine _engine = new(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<RunningServer> StartAsync(bool text = false) =>
        RunningServer.StartAsync([SimulatedServing.Serve(_engine)], new ServerOptions { Recording = new RecordingOptions(_dir, text) });

    private static async Task<JsonElement> ChatAsync(RunningServer server, string question, string dynasor, bool stream = false)
    {
        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions", Http.Chat($",\"seed\":3,\"max_tokens\":8000{(stream ? ",\"stream\":true" : "")},\"dynasor\":{dynasor}", question));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        if (!stream)
            return await Http.JsonAsync(response);
        // The last chunk before [DONE] carries the dynasor object; usage is not asked for here.
        var events = await Http.EventsAsync(response);
        return JsonDocument.Parse(events[^2]).RootElement.Clone();
    }

    private List<TraceQuestion> Recorded(string mode) => RecordedTraffic.Read(_dir, mode).Select(r => r.Question).ToList();

    [Fact]
    public async Task Serve_ScRequests_RecordsEverySampleTheVoteCounted()
    {
        var bodies = new List<JsonElement>();
        await using (var server = await StartAsync())
        {
            for (var i = 0; i < 3; i++)
                bodies.Add(await ChatAsync(server, $"What is {i + 11}*7?", "{\"mode\":\"sc\",\"policy\":\"sc:n=4\",\"max_samples\":4}"));
            await server.StopAsync();
        }

        var recorded = Recorded("sc");
        Assert.Equal(3, recorded.Count);
        for (var i = 0; i < 3; i++)
        {
            var (question, dynasor) = (recorded[i], bodies[i].GetProperty("dynasor"));
            Assert.Matches("^[0-9a-f]{16}$", question.Id);
            Assert.Equal(("live/sc", (string?)null, (string?)null), (question.Dataset, question.Target, question.Question));
            Assert.Equal(4, question.Samples.Count);
            // Every sample drawn is recorded: their tokens are the upstream's, and their answers the votes.
            Assert.Equal(dynasor.GetProperty("upstream_tokens").GetInt64(), question.Samples.Sum(s => (long)s.Tokens));
            var votes = dynasor.GetProperty("votes").EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetInt32());
            Assert.Equal(votes.Values.Sum(), question.Samples.Count(s => s.Answer.Length > 0));
            Assert.All(question.Samples, s => Assert.Null(s.Text));
            Assert.All(question.Samples, s => Assert.Null(s.Chain));
        }
    }

    [Fact]
    public async Task Serve_CotRequests_RecordsProbesThatReplayToTheLiveExit()
    {
        var bodies = new List<JsonElement>();
        var efforts = new[] { "mid", "high", "crazy", "mild" };
        await using (var server = await StartAsync())
        {
            for (var i = 0; i < 8; i++)
                bodies.Add(await ChatAsync(server, $"Question {i}: what is {i}+{i * 3}?", $"{{\"mode\":\"cot\",\"effort\":\"{efforts[i % 4]}\"}}", stream: i % 2 == 1));
            await server.StopAsync();
        }

        var recorded = Recorded("cot");
        Assert.Equal(8, recorded.Count);
        for (var i = 0; i < 8; i++)
        {
            var sample = Assert.Single(recorded[i].Samples);
            var chain = sample.Chain!;
            var dynasor = bodies[i].GetProperty("dynasor");
            var preset = CotOptions.FromEffort(efforts[i % 4]);
            Assert.Equal((preset.ProbeInterval, preset.ProbeMaxTokens, (int?)preset.Window), (chain.ProbeInterval, chain.ProbeTokens, chain.Window));
            Assert.Equal(dynasor.GetProperty("probes").GetInt32(), chain.Probes.Count);
            Assert.Equal(dynasor.GetProperty("exited_early").GetBoolean(), chain.Exited);
            Assert.Equal(Enumerable.Range(1, chain.Probes.Count).Select(k => k * preset.ProbeInterval), chain.Probes.Select(p => p.At));
            if (i % 2 == 0)
                Assert.Equal(bodies[i].GetProperty("usage").GetProperty("completion_tokens").GetInt32(), sample.Tokens);
            // The client's tokens: the chain, plus the answer's probe tokens on an exit.
            Assert.Equal(chain.Tokens + (chain.Exited ? chain.Probes[^1].Tokens : 0), sample.Tokens);
            Assert.Null(sample.Text);
        }
        Assert.Contains(recorded, q => q.Samples[0].Chain!.Exited);
        var check = CotReplayer.CheckLive(new CotTrace("recorded", recorded));
        Assert.Equal((8, 8), (check.Checked, check.Matched));
    }

    [Fact]
    public async Task Serve_RecordText_KeepsQuestionAndOutputsOnlyWhenAskedTo()
    {
        await using (var server = await StartAsync(text: true))
        {
            await ChatAsync(server, "What is 9*9?", "{\"mode\":\"cot\",\"effort\":\"high\"}");
            await ChatAsync(server, "What is 9*9?", "{\"mode\":\"sc\",\"policy\":\"sc:n=2\",\"max_samples\":2}");
            await server.StopAsync();
        }

        var cot = Recorded("cot").Single();
        var sc = Recorded("sc").Single();
        Assert.Equal(("What is 9*9?", "What is 9*9?"), (cot.Question, sc.Question));
        Assert.StartsWith("<think>", cot.Samples[0].Text);
        Assert.All(sc.Samples, s => Assert.Contains("\\boxed{", s.Text));
        // The same prompt has the same id in both modes' files.
        Assert.Equal(cot.Id, sc.Id);
    }

    [Fact]
    public async Task Serve_OffMode_RecordsNothing()
    {
        await using (var server = await StartAsync())
        {
            await ChatAsync(server, "What is 2*2?", "{\"mode\":\"off\"}");
            await server.StopAsync();
            Assert.Equal(0, server.Recorder.Written);
        }

        Assert.False(RecordedTraffic.IsRecording(_dir));
    }

    [Fact]
    public async Task Serve_RecordingDirectoryGoneMidway_RequestsSucceedAndTheDropIsCounted()
    {
        await using var server = await StartAsync();
        Directory.Delete(_dir, recursive: true);

        var body = await ChatAsync(server, "What is 5*5?", "{\"mode\":\"cot\",\"effort\":\"crazy\"}");
        await RunningServer.UntilAsync(() => server.Recorder.Written + server.Recorder.Dropped > 0, "the record was written or dropped");
        var metrics = await Http.Client.GetStringAsync(server.Url + "/metrics");
        Directory.CreateDirectory(_dir);

        Assert.Equal("cot", body.GetProperty("dynasor").GetProperty("mode").GetString());
        Assert.Contains("dynasor_records_dropped_total{} 1\n", metrics);
        Assert.Equal(0, server.Recorder.Written);
    }
}
