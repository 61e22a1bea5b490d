using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>A client that goes away cancels every engine request it caused.</summary>
[Collection(ServerCollection.Name)]
public sealed class CancellationTests(ServerFixture servers)
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ChatStream_ClientDisconnects_EveryEngineStreamCloses(int choices)
    {
        var engine = servers.Hanging;
        var response = await Http.PostAsync(servers.HangingUrl + "/v1/chat/completions", Http.Chat($",\"stream\":true,\"n\":{choices}"), option: HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte[6];
        await stream.ReadExactlyAsync(first);
        Assert.Equal("data: ", System.Text.Encoding.ASCII.GetString(first));
        Assert.Equal(choices, engine.OpenRequests);

        response.Dispose();
        await engine.WaitClosedAsync(choices);

        Assert.Equal(0, engine.OpenRequests);
    }
}
