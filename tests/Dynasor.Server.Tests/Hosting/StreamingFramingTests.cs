using System.Text.Json;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>The SSE framing of chat and text completion streams, read as raw HTTP.</summary>
[Collection(ServerCollection.Name)]
public sealed class StreamingFramingTests(ServerFixture servers)
{
    [Fact]
    public async Task ChatStream_WithUsage_OneIdRoleFirstFinishUsageThenDone()
    {
        using var response = await Http.PostAsync(servers.Url + "/v1/chat/completions", Http.Chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        var events = await Http.EventsAsync(response);

        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.False(chunks[1].GetProperty("choices")[0].GetProperty("delta").TryGetProperty("role", out _));
        var finish = chunks[^2].GetProperty("choices")[0];
        Assert.Equal("stop", finish.GetProperty("finish_reason").GetString());
        var usage = chunks[^1];
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(5, usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal("off", usage.GetProperty("dynasor").GetProperty("mode").GetString());
        var text = string.Concat(chunks.SkipLast(1).Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var t) ? t.GetString() : ""));
        Assert.Equal(ScriptedEngine.TextOf(5), text);
    }

    [Fact]
    public async Task ChatStream_WithoutUsage_NoUsageChunkAndDynasorOnLastChunk()
    {
        using var response = await Http.PostAsync(servers.Url + "/v1/chat/completions", Http.Chat(",\"stream\":true"));
        var events = await Http.EventsAsync(response);

        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(5, chunks[^1].GetProperty("dynasor").GetProperty("upstream_tokens").GetInt32());
        Assert.All(chunks.SkipLast(1), c => Assert.False(c.TryGetProperty("dynasor", out _)));
    }

    [Fact]
    public async Task ChatStream_TwoChoices_EachHasRoleAndFinishWithItsIndex()
    {
        using var response = await Http.PostAsync(servers.Url + "/v1/chat/completions", Http.Chat(",\"stream\":true,\"n\":2,\"seed\":1"));
        var chunks = (await Http.EventsAsync(response))[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0]).ToList();

        foreach (var index in new[] { 0, 1 })
        {
            var mine = chunks.Where(c => c.GetProperty("index").GetInt32() == index).ToList();
            Assert.True(mine[0].GetProperty("delta").TryGetProperty("role", out _));
            Assert.Equal("stop", mine[^1].GetProperty("finish_reason").GetString());
            Assert.Equal(ScriptedEngine.TextOf(5), string.Concat(mine.Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : "")));
        }
    }

    [Fact]
    public async Task CompletionsStream_TextCompletionChunksThenDone()
    {
        using var response = await Http.PostAsync(servers.Url + "/v1/completions", "{\"prompt\":\"What is 6*7?\",\"max_tokens\":3,\"stream\":true}");
        var events = await Http.EventsAsync(response);

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", c.GetProperty("object").GetString()));
        Assert.Equal(ScriptedEngine.TextOf(3), string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString())));
        Assert.Equal("length", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }
}
