using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Dynasor.Server.Modes;
using Dynasor.Server.Relay;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Tests.Relay;

public sealed class StreamRelayTests
{
    private const string Token = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"logprobs\":{\"content\":[]},\"finish_reason\":null}],\"extra\":1}";
    private const string Finish = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}";
    private const string Usage = "{\"id\":\"x\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10,\"prompt_tokens_details\":{\"cached_tokens\":2}}}";

    private static async Task<(string Text, RelayTotals Totals)> RelayAsync(bool clientWantsUsage, params string[] lines)
    {
        var pipe = new Pipe();
        var relay = new StreamRelay(pipe.Writer, clientWantsUsage, t => new ModeSummary("off", false, 0, null, new Dictionary<string, int>(), t.CompletionTokens));
        var totals = await relay.RunAsync(new ScriptedLines(lines), CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        var read = await pipe.Reader.ReadAsync();
        return (Encoding.UTF8.GetString(read.Buffer.ToArray()), totals);
    }

    [Fact]
    public async Task Run_ClientDidNotAskForUsage_UsageChunkWithheldDynasorOnTheLastChunk()
    {
        var (text, totals) = await RelayAsync(false, "data: " + Token, "", "data: " + Finish, "", "data: " + Usage, "", "data: [DONE]", "");

        var dynasor = ",\"dynasor\":{\"mode\":\"off\",\"exited_early\":false,\"probes\":0,\"certaindex\":null,\"votes\":{},\"upstream_tokens\":3}";
        Assert.Equal($"data: {Token}\n\ndata: {Finish[..^1]}{dynasor}}}\n\ndata: [DONE]\n\n", text);
        Assert.Equal(new RelayTotals(3, 7), totals);
    }

    [Fact]
    public async Task Run_ClientAskedForUsage_UsageChunkAsSentCarriesTheDynasorObject()
    {
        var (text, _) = await RelayAsync(true, "data: " + Token, "", "data: " + Finish, "", "data: " + Usage, "", "data: [DONE]", "");

        Assert.StartsWith($"data: {Token}\n\ndata: {Finish}\n\ndata: {Usage[..^1]},\"dynasor\":{{", text);
        Assert.EndsWith("}\n\ndata: [DONE]\n\n", text);
    }

    [Fact]
    public async Task Run_CommentsAndEventLines_PassedOn()
    {
        var (text, totals) = await RelayAsync(false, ": ping", "", "data: " + Token, "", "data: [DONE]", "");

        Assert.StartsWith($": ping\ndata: {Token}\n\n", text);
        Assert.Equal(1, totals.CompletionTokens);
    }

    [Fact]
    public async Task Run_EngineErrorEventThenEnd_PassedOnAndTheStreamEnds()
    {
        var (text, _) = await RelayAsync(false, "data: " + Token, "", "data: {\"error\":{\"message\":\"boom\"}}", "");

        Assert.Contains("data: {\"error\":{\"message\":\"boom\"}}\n\n", text);
    }

    [Fact]
    public async Task Run_StreamBreaksBeforeDone_UpstreamException()
    {
        await Assert.ThrowsAsync<UpstreamException>(() => RelayAsync(false, "data: " + Token, ""));
    }

    // One line becomes readable per fill, as a token per read arrives live; the relay must flush between them.
    private sealed class ScriptedLines(string[] lines) : IRelayLines
    {
        private int _read;
        private int _available;
        private byte[] _current = [];

        public bool TryReadLine(out ReadOnlySpan<byte> line)
        {
            line = default;
            if (_read >= _available)
                return false;
            _current = Encoding.UTF8.GetBytes(lines[_read++]);
            line = _current;
            return true;
        }

        public ValueTask<bool> FillAsync()
        {
            if (_available >= lines.Length)
                return ValueTask.FromResult(false);
            _available++;
            return ValueTask.FromResult(true);
        }
    }
}
