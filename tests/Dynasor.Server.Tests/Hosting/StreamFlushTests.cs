using System.Text.Json;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>
/// A token goes out as soon as it is written: the relay never holds one back to wait for the next. Own servers (not
/// the shared fixture's), so their open streams never show in other tests' counts.
/// </summary>
public sealed class StreamFlushTests
{
    [Fact]
    public async Task ChatStream_EngineStallsAfterTwoTokens_BothTokensReachTheClient()
    {
        await using var engine = await RunningServer.StartAsync(new ScriptedEngine { Length = 100, HangAfter = 2 });

        var texts = await FirstTextsAsync(engine.Url, 2);

        Assert.Equal(["w0", " w1"], texts);
    }

    [Fact]
    public async Task ChatStream_UpstreamStallsAfterTwoTokens_RelayedTokensReachTheClient()
    {
        await using var engine = await RunningServer.StartAsync(new ScriptedEngine { Length = 100, HangAfter = 2 });
        await using var relay = await RunningServer.InFrontOfAsync(engine.Url + "/v1");

        var texts = await FirstTextsAsync(relay.Url, 2);

        Assert.Equal(["w0", " w1"], texts);
    }

    // Reads the content of the first `count` chunks; the engine never sends more, so a chunk held back in a buffer
    // would never arrive and the safety timeout would fail the test instead of a hang.
    private static async Task<List<string>> FirstTextsAsync(string url, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await Http.PostAsync(url + "/v1/chat/completions", Http.Chat(",\"stream\":true"), option: HttpCompletionOption.ResponseHeadersRead, cancellationToken: timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var texts = new List<string>();
        while (texts.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal))
                texts.Add(JsonDocument.Parse(line[6..]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()!);
        }
        return texts;
    }
}
