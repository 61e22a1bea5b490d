using System.Text.Json;
using Dynasor.Cot;
using Dynasor.Server.Hosting;
using Dynasor.Server.Recording;
using Dynasor.Server.Tests.Fakes;
using Dynasor.SimEngine;
using Dynasor.Traces;

namespace Dynasor.Server.Tests.Recording;

/// <summary>
/// Record live, replay offline, compare: whole chains recorded once with probes every 32 tokens and no exit (window 1000)
/// give, for every effort preset, the exit that live Dynasor-CoT makes on the same question and seed (the simulated engine
/// writes the same chain however it is cut into chunks).
/// </summary>
public sealed class CotReplayLiveTests : IAsyncLifetime
{
    private const int Questions = 12;
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-cotlive-").FullName;
    private readonly SimulatedEngine _engine = new(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ReplayOfWholeChains_EveryPreset_ExitsWhereLiveDynasorCotExits()
    {
        var live = new Dictionary<(int Question, string Effort), JsonElement>();
        await using (var server = await RunningServer.StartAsync([SimulatedServing.Serve(_engine)], new ServerOptions { Recording = new RecordingOptions(_dir) }))
        {
            for (var q = 0; q < Questions; q++)
                await ChatAsync(server, q, "\"window\":1000,\"probe_interval\":32");
            foreach (var preset in CotPolicy.Presets)
            {
                for (var q = 0; q < Questions; q++)
                    live[(q, preset.Name)] = await ChatAsync(server, q, $"\"effort\":\"{preset.Name}\"");
            }
            await server.StopAsync();
        }

        var recorded = RecordedTraffic.Read(_dir, "cot").Select(r => r.Question).ToList();
        var whole = recorded.Take(Questions).Select(q => q.Samples.Single()).ToList();
        Assert.All(whole, s => Assert.False(s.Chain!.Exited));
        var exits = 0;
        foreach (var preset in CotPolicy.Presets)
        {
            for (var q = 0; q < Questions; q++)
            {
                var offline = RecordedChain.Replay(whole[q], preset);
                var body = live[(q, preset.Name)];
                var content = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
                Assert.Equal(body.GetProperty("dynasor").GetProperty("exited_early").GetBoolean(), offline.Exited);
                Assert.Equal(body.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), offline.Tokens);
                Assert.Equal(Answers.AnswerExtractor.Extract(content), offline.Answer);
                exits += offline.Exited ? 1 : 0;
            }
        }
        // The comparison means something only if some presets exit and some chains run to their end.
        Assert.InRange(exits, 1, CotPolicy.Presets.Count * Questions - 1);
        Assert.Equal(recorded.Count, CotReplayer.CheckLive(new CotTrace("recorded", recorded)).Matched);
    }

    private static async Task<JsonElement> ChatAsync(RunningServer server, int question, string cot)
    {
        using var response = await Http.PostAsync(server.Url + "/v1/chat/completions",
            Http.Chat($",\"seed\":11,\"max_tokens\":6000,\"dynasor\":{{\"mode\":\"cot\",{cot}}}", $"Question {question}: how many apples are left if {question + 20} are shared by 4?"));
        Assert.True(response.IsSuccessStatusCode);
        return await Http.JsonAsync(response);
    }
}
