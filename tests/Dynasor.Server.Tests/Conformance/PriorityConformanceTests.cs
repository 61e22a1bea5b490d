using System.Text.Json;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Tests.EngineFakes;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Conformance;

/// <summary>
/// With <c>"priority": true</c> (the engine's own direction) every generation carries the scheduler's order where the
/// engine has a priority field (vLLM lower-first; SGLang higher-first, so the order goes negated) and nothing where it
/// has none (llama.cpp, Ollama drop or ignore it).
/// </summary>
[Collection(EngineFakesCollection.Name)]
public sealed class PriorityConformanceTests
{
    [SkippableTheory]
    [InlineData("vllm", true)]
    [InlineData("sglang", true)]
    [InlineData("llamacpp", false)]
    [InlineData("ollama", false)]
    public async Task PriorityFromDialect_SentOnlyWhereTheEngineHasIt(string dialect, bool sent)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await EngineUnderTest.StartAsync(dialect, new FakeEngineOptions { PriorityScheduling = true });
        await using var dynasor = await RunningServer.StartAsync([RunningServer.Upstream(engine.Engine.Url + "/v1", PriorityOrder.FromDialect)]);
        // Model lookup and dialect detection first, so the first generation already knows the dialect.
        await dynasor.Replicas.Replicas[0].Engine.Upstream!.DialectAsync(CancellationToken.None);

        foreach (var mode in new[] { "off", "sc" })
        {
            using var response = await Http.PostAsync(dynasor.Url + "/v1/chat/completions",
                "{\"model\":\"stories\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"}],\"max_tokens\":8,\"dynasor\":{\"mode\":\"" + mode + "\",\"max_samples\":2,\"policy\":\"sc:n=2\"}}");
            Assert.Equal(200, (int)response.StatusCode);
        }

        var generations = engine.Engine.Requests.Where(r => r.Path.EndsWith("completions", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, generations.Count);
        Assert.All(generations, g => Assert.Equal(sent, JsonDocument.Parse(g.Body).RootElement.TryGetProperty("priority", out _)));
    }
}
