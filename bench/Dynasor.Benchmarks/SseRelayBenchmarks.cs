using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Dynasor.Engines;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Upstream;

namespace Dynasor.Benchmarks;

/// <summary>
/// The relay's per-token work on the pass-through path: take one upstream SSE line (the exact bytes the simulated
/// engine sends), parse it, and write the client's chunk. "Before" replays the old path with the pieces still in the
/// code (a string per line as StreamReader made it, the JsonDocument parse, a closure writing the chunk through an
/// intermediate buffer); "after" is the path the server runs now (UTF-8 parse in place, the per-response template).
/// Times and allocations are per token (64 different tokens per invoke). The socket work is not in it: see the load
/// generator for the whole process.
/// </summary>
[MemoryDiagnoser]
public class SseRelayBenchmarks
{
    private const int Tokens = 64;
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private byte[][] _lines = [];
    private ResponseContext _reply = null!;
    private TokenChunkTemplate _template = null!;
    private Utf8JsonWriter _json = null!;

    /// <summary>Plain content tokens, or tokens in the upstream's <c>reasoning_content</c> field.</summary>
    [Params(false, true)]
    public bool Reasoning { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var upstream = new ResponseContext("chatcmpl-0123456789abcdef01234567", 1_763_000_000, "sim-r1", true, "reasoning_content", IncludeDynasor: false);
        var words = new[] { " the", " answer", " is", " 42", ",", " so", " wait", "\n\n", " \"x\"", " é" };
        _lines = Enumerable.Range(0, Tokens).Select(i =>
        {
            var text = words[i % words.Length] + (i % 7 == 0 ? " and" : "");
            var e = Reasoning ? new ModeEvent("", text, 1) : new ModeEvent(text, null, 1);
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
                ResponseJson.Chunk(json, upstream, 0, e, first: false, dynasor: null);
            return Encoding.UTF8.GetBytes("data: " + Encoding.UTF8.GetString(buffer.WrittenSpan));
        }).ToArray();
        _reply = new ResponseContext("chatcmpl-fedcba9876543210fedcba98", 1_763_000_000, "sim-r1", true, "reasoning_content", IncludeDynasor: true);
        _template = new TokenChunkTemplate(_reply);
        _json = new Utf8JsonWriter(_scratch);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Tokens, Description = "before: string line, JsonDocument, closure + copy")]
    public int Before()
    {
        _output.ResetWrittenCount();
        foreach (var bytes in _lines)
        {
            var line = Encoding.UTF8.GetString(bytes);
            if (!line.StartsWith("data:", StringComparison.Ordinal))
                continue;
            var chunk = UpstreamChunk.Parse(line.AsSpan(5).Trim().ToString());
            var token = new StreamedToken(chunk.Text ?? "", 1, null, string.IsNullOrEmpty(chunk.Reasoning) ? null : chunk.Reasoning);
            var e = new ModeEvent(token.Text, token.Reasoning, token.Tokens);
            WriteOld(json => ResponseJson.Chunk(json, _reply, 0, e, false, null));
        }
        return _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = Tokens, Description = "after: UTF-8 parse in place, template")]
    public int After()
    {
        _output.ResetWrittenCount();
        foreach (var bytes in _lines)
        {
            var line = bytes.AsSpan();
            if (!line.StartsWith("data:"u8))
                continue;
            var chunk = UpstreamChunk.Parse(line[5..].Trim(" \t\r\n\v\f"u8));
            var token = new StreamedToken(chunk.Text ?? "", 1, null, string.IsNullOrEmpty(chunk.Reasoning) ? null : chunk.Reasoning);
            var e = new ModeEvent(token.Text, token.Reasoning, token.Tokens);
            _template.Write(_output, _json, 0, e.Text, e.Reasoning);
        }
        return _output.WrittenCount;
    }

    // The old SseWriter.WriteAsync minus the flush: the JSON into a scratch buffer, then three copies into the response.
    private void WriteOld(Action<Utf8JsonWriter> write)
    {
        _scratch.ResetWrittenCount();
        _json.Reset(_scratch);
        write(_json);
        _json.Flush();
        _output.Write(DataPrefix);
        _output.Write(_scratch.WrittenSpan);
        _output.Write(EventEnd);
    }
}
