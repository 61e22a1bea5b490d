using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.LlamaCpp;
using Dynasor.Server.Tests.EngineFakes.Ollama;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Sglang;
using Dynasor.Server.Tests.EngineFakes.Vllm;

namespace Dynasor.Server.Tests.EngineFakes;

/// <summary>Each fake answers the probes that tell its engine apart (docs/engine-sources.md §1), and records what it got.</summary>
[Collection(EngineFakesCollection.Name)]
public sealed class EngineDiscoveryTests
{
    private static async Task<JsonElement> GetJsonAsync(string url)
    {
        var (status, body) = await FakeHttp.GetAsync(url);
        Assert.True(status == 200, $"{url} answered {status}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string OwnedBy(JsonElement models) => models.GetProperty("data")[0].GetProperty("owned_by").GetString()!;

    [SkippableFact]
    public async Task Probes_IdentifyEachEngine()
    {
        FakeHttp.SkipWithoutModel();
        await using var vllm = await FakeVllm.StartAsync();
        await using var sglang = await FakeSglang.StartAsync();
        await using var llama = await FakeLlamaCpp.StartAsync();
        await using var ollama = await FakeOllama.StartAsync();
        Assert.Equal("vllm", OwnedBy(await GetJsonAsync(vllm.Url + "/v1/models")));
        Assert.Equal(FakeVllm.Version, (await GetJsonAsync(vllm.Url + "/version")).GetProperty("version").GetString());
        Assert.Equal("sglang", OwnedBy(await GetJsonAsync(sglang.Url + "/v1/models")));
        Assert.True((await GetJsonAsync(sglang.Url + "/get_model_info")).GetProperty("is_generation").GetBoolean());
        Assert.Equal("llamacpp", OwnedBy(await GetJsonAsync(llama.Url + "/v1/models")));
        var props = await GetJsonAsync(llama.Url + "/props");
        Assert.Equal(FakeLlamaCpp.BuildInfo, props.GetProperty("build_info").GetString());
        Assert.Equal(2048, props.GetProperty("default_generation_settings").GetProperty("n_ctx").GetInt32());
        Assert.Equal(404, (await FakeHttp.GetAsync(llama.Url + "/version")).Status);
        Assert.Equal("library", OwnedBy(await GetJsonAsync(ollama.Url + "/v1/models")));
        Assert.Equal(FakeOllama.Version, (await GetJsonAsync(ollama.Url + "/api/version")).GetProperty("version").GetString());
    }

    [SkippableFact]
    public async Task Requests_AreRecordedWithTheirBodies()
    {
        FakeHttp.SkipWithoutModel();
        await using var vllm = await FakeVllm.StartAsync(new FakeEngineOptions { PriorityScheduling = true });
        var body = JsonNode.Parse("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":2,\"priority\":-3,\"dynasor_unknown\":1}")!;
        await FakeHttp.JsonAsync(vllm.Url + "/v1/chat/completions", body);
        var recorded = Assert.Single(vllm.Requests);
        Assert.Equal(new RecordedRequest("POST", "/v1/chat/completions", body.ToJsonString()), recorded);
        Assert.Equal(0, vllm.ActiveGenerations);
    }
}
