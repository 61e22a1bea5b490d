using Dynasor.Server.Tests.EngineFakes.LlamaCpp;
using Dynasor.Server.Tests.EngineFakes.Ollama;
using Dynasor.Server.Tests.EngineFakes.OpenAi;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Sglang;
using Dynasor.Server.Tests.EngineFakes.Vllm;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Conformance;

/// <summary>
/// One engine fake with a Dynasor server in front of it over HTTP (the dialect detected as in production), for the
/// conformance cases every dialect runs.
/// </summary>
internal sealed class EngineUnderTest : IAsyncDisposable
{
    private EngineUnderTest(string dialect, FakeEngine engine, RunningServer dynasor) => (Dialect, Engine, Dynasor) = (dialect, engine, dynasor);

    /// <summary>Every dialect the fakes reproduce.</summary>
    public static TheoryData<string> Dialects => new() { "vllm", "sglang", "llamacpp", "ollama", "openai" };

    /// <summary>The dialects whose engines continue a turn on token ids (the exact route).</summary>
    public static TheoryData<string> TokenDialects => new() { "vllm", "sglang", "llamacpp" };

    public string Dialect { get; }

    public FakeEngine Engine { get; }

    public RunningServer Dynasor { get; }

    /// <summary>The engine's own chat route, for the one-shot a client would get without Dynasor.</summary>
    public string DirectChat => Engine.Url + "/v1/chat/completions";

    /// <summary>The same route through Dynasor.</summary>
    public string ThroughChat => Dynasor.Url + "/v1/chat/completions";

    /// <summary>The field the engine files reasoning under (what its clients read).</summary>
    public string ReasoningField => Dialect is "vllm" or "ollama" ? "reasoning" : "reasoning_content";

    public static async Task<EngineUnderTest> StartAsync(string dialect, FakeEngineOptions? options = null)
    {
        options ??= new FakeEngineOptions();
        FakeEngine engine = dialect switch
        {
            "vllm" => await FakeVllm.StartAsync(options),
            "sglang" => await FakeSglang.StartAsync(options),
            "llamacpp" => await FakeLlamaCpp.StartAsync(options),
            "ollama" => await FakeOllama.StartAsync(options),
            "openai" => await FakeOpenAi.StartAsync(options),
            _ => throw new ArgumentException(dialect),
        };
        var dynasor = await RunningServer.InFrontOfAsync(engine.Url + "/v1");
        return new EngineUnderTest(dialect, engine, dynasor);
    }

    public async ValueTask DisposeAsync()
    {
        await Dynasor.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
