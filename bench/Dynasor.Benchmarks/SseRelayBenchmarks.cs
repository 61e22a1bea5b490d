using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Relay;
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

    [Benchmark(Baseline = true, OperationsPerInvoke = Tokens, Description = "rebuild: parse the chunk, write the client's from the template (cot, and off before the raw relay)")]
    public int Rebuild()
    {
        _output.ResetWrittenCount();
        foreach (var bytes in _lines)
        {
            var line = bytes.AsSpan();
            if (!line.StartsWith("data:"u8))
                continue;
            var chunk = UpstreamChunk.Parse(line[5..].Trim(" \t\r\n\v\f"u8));
            var e = new ModeEvent(chunk.Text ?? "", string.IsNullOrEmpty(chunk.Reasoning) ? null : chunk.Reasoning, 1);
            _template.Write(_output, _json, 0, e.Text, e.Reasoning);
        }
        return _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = Tokens, Description = "raw relay: scan the chunk (usage, finish), copy the engine's line (off now)")]
    public int Raw()
    {
        _output.ResetWrittenCount();
        foreach (var bytes in _lines)
        {
            var line = bytes.AsSpan();
            if (!line.StartsWith("data:"u8) || !ChunkInfo.TryRead(line[5..].Trim(" \t"u8), out var info) || info.Finished > 0)
                continue;
            _output.Write(line);
            _output.Write(EventEnd);
        }
        return _output.WrittenCount;
    }
}
