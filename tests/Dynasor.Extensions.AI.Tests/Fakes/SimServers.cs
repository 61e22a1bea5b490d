using System.ClientModel;
using System.ClientModel.Primitives;
using Dynasor.Server.Hosting;
using Dynasor.SimEngine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace Dynasor.Extensions.AI.Tests.Fakes;

/// <summary>
/// Servers the HTTP tests share, on 127.0.0.1 with free ports, started once: the simulated engine as a bare engine
/// (what <c>dynasor sim-engine</c> serves; instant, and at real speed for cancellation), and the Dynasor server over an
/// engine of the same seed in process, to compare the middleware's answers with the server's.
/// </summary>
public sealed class SimServers : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    internal SimulatedEngine Engine { get; } = new(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);
    internal SimulatedEngine SlowEngine { get; } = new(new SimEngineOptions { ModelName = "m" }, TimeProvider.System);
    internal SimulatedEngine ServerEngine { get; } = new(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);

    /// <summary>The bare simulated engine's root URL (no <c>/v1</c>).</summary>
    public string EngineUrl { get; private set; } = "";

    /// <summary>The bare simulated engine at real speed.</summary>
    public string SlowEngineUrl { get; private set; } = "";

    /// <summary>The Dynasor server over its own simulated engine of the same seed.</summary>
    public string DynasorUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var engineRole = new ServerOptions(Role: ServerRole.Engine);
        EngineUrl = await StartAsync(SimulatedServing.Serve(Own(Engine)), engineRole);
        SlowEngineUrl = await StartAsync(SimulatedServing.Serve(Own(SlowEngine)), engineRole);
        DynasorUrl = await StartAsync(SimulatedServing.Serve(Own(ServerEngine)), new ServerOptions());
    }

    /// <summary>The official OpenAI client for <paramref name="rootUrl"/> as an <see cref="IChatClient"/>, model <c>m</c>, no retries.</summary>
    public static IChatClient OpenAi(string rootUrl) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(rootUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(60),
        }).GetChatClient("m").AsIChatClient();

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
    }

    private async Task<string> StartAsync(ServedEngine engine, ServerOptions options)
    {
        var app = DynasorServer.Build((options with { Host = "127.0.0.1", Port = 0 }).Validate(), engine, logging: l => l.ClearProviders());
        Own(app);
        return await DynasorServer.StartAsync(app);
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
