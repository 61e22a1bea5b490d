using Dynasor.SimEngine;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.SimEngine;

/// <summary>
/// A client that disconnects cancels every engine request it caused, counted by the simulated engine itself:
/// in process, and behind Dynasor's HTTP upstream client (the request to the engine server must end too).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SimDisconnectTests(ServerFixture servers)
{
    [Theory]
    [InlineData(false, 1, "off")]
    [InlineData(false, 4, "off")]
    [InlineData(true, 1, "off")]
    [InlineData(true, 4, "off")]
    [InlineData(true, 2, "cot")]
    [InlineData(false, 2, "cot")]
    public async Task ChatStream_ClientDisconnects_SimulatedEngineOpenRequestsReturnToZero(bool overHttp, int choices, string mode)
    {
        var (url, engine) = overHttp ? (servers.InFrontOfSlowSimUrl, servers.SlowSim) : (servers.InProcessSimUrl, servers.InProcessSim);
        // At real speed a chain of this length takes seconds: the disconnect lands mid-chain.
        var response = await Http.PostAsync(url + "/v1/chat/completions", Http.Chat($",\"stream\":true,\"n\":{choices},\"max_tokens\":100000,\"dynasor\":{{\"mode\":\"{mode}\",\"effort\":\"crazy\"}}"),
            option: HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await reader.ReadLineAsync());
        // Dynasor-CoT may have a probe open beside each chain.
        Assert.InRange(engine.OpenRequests, choices, 2 * choices);

        response.Dispose();

        Assert.True(await ClosedAsync(engine), $"{engine.OpenRequests} engine requests still open 30 s after the client left");
    }

    [Fact]
    public async Task Chat_ScClientDisconnects_EverySampleCancelled()
    {
        var engine = servers.SlowSim;
        using var cancel = new CancellationTokenSource();
        var request = Http.PostAsync(servers.InFrontOfSlowSimUrl + "/v1/chat/completions",
            Http.Chat(",\"max_tokens\":100000,\"dynasor\":{\"mode\":\"sc\",\"policy\":\"sc:n=8\",\"max_samples\":8}"), option: HttpCompletionOption.ResponseHeadersRead, cancellationToken: cancel.Token);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            // Samples are in flight once the engine holds some; the non-streaming answer is still far off.
            while (engine.OpenRequests == 0 && !deadline.IsCancellationRequested)
                await Task.Yield();
        }
        Assert.True(engine.OpenRequests > 0);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        Assert.True(await ClosedAsync(engine), $"{engine.OpenRequests} samples still open 30 s after the client left");
    }

    // No event tells when the engine drops a request, so this polls (yielding, never sleeping) up to a generous deadline.
    private static async Task<bool> ClosedAsync(SimulatedEngine engine)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (engine.OpenRequests > 0 && !deadline.IsCancellationRequested)
            await Task.Yield();
        return engine.OpenRequests == 0;
    }
}
