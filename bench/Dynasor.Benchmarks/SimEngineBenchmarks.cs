using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Dynasor.Engines;
using Dynasor.SimEngine;

namespace Dynasor.Benchmarks;

/// <summary>
/// The simulated engine at 256 concurrent streams, TimeScale 0 (no waiting: what is left is the engine's own CPU):
/// every stream reads 1000 tokens of a cached chain through the engine loop. Times are per 1K tokens
/// (OperationsPerInvoke = streams). The baseline hands the same tokens out of the cached chains in a plain loop
/// (the least any engine could do); "one stream at a time" shows what the batched loop costs a lone stream; "write
/// chains" is the cost of a cache miss (writing a chain). Process CPU per 1K tokens is printed at cleanup, since two
/// cores make CPU and wall time differ.
/// </summary>
[MemoryDiagnoser]
public class SimEngineBenchmarks
{
    private const int Streams = 256;
    private const int TokensPerStream = 1000;

    private SimulatedEngine _engine = null!;
    private ContinuationRequest[] _requests = [];
    private ReasoningChain[] _chains = [];
    private TimeSpan _cpu;
    private long _tokens;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 0 }, TimeProvider.System);
        var planner = new ContinuationPlanner(new SimEngineOptions());
        var requests = new List<ContinuationRequest>();
        var chains = new List<ReasoningChain>();

        // Questions whose chain (sampling seed 1) has at least 1000 tokens, so every stream emits exactly 1000.
        for (var q = 0; requests.Count < Streams; q++)
        {
            var question = $"Benchmark question {q}: how many ways are there?";
            var chain = planner.Chain(question, ChainOpening.CodeOf(1));
            if (chain.Tokens.Length >= TokensPerStream)
            {
                requests.Add(new ContinuationRequest([new ChatTurn("user", question)], "", TokensPerStream, new SamplingOptions(Seed: 1)));
                chains.Add(chain);
            }
        }

        _requests = requests.ToArray();
        _chains = chains.ToArray();

        // Warm the chain cache; not counted in the CPU figure.
        Streams256Async().GetAwaiter().GetResult();
        _cpu = TimeSpan.Zero;
        _tokens = 0;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_tokens > Streams * TokensPerStream)
        {
            Console.WriteLine($"// SimEngine: process CPU {_cpu.TotalMilliseconds * 1000.0 / _tokens:F3} ms per 1K tokens at {Streams} streams ({_tokens} tokens measured)");
        }

        await _engine.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Streams, Description = "hand out cached tokens (plain loop)")]
    public long HandOut()
    {
        long length = 0;
        foreach (var chain in _chains)
        {
            for (var i = 0; i < TokensPerStream; i++)
            {
                var token = new StreamedToken(chain.Tokens[i], 1, i == TokensPerStream - 1 ? "length" : null);
                length += token.Text.Length;
            }
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = Streams, Description = "256 concurrent streams through the engine")]
    public async Task<long> Streams256Async()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var consumers = new Task<long>[_requests.Length];
        for (var i = 0; i < consumers.Length; i++)
        {
            consumers[i] = ConsumeAsync(_requests[i]);
        }

        long tokens = 0;
        foreach (var consumer in consumers)
        {
            tokens += await consumer;
        }

        _cpu += Process.GetCurrentProcess().TotalProcessorTime - cpu;
        _tokens += tokens;
        return tokens;
    }

    [Benchmark(OperationsPerInvoke = Streams, Description = "one stream at a time through the engine")]
    public async Task<long> OneAtATimeAsync()
    {
        long tokens = 0;
        foreach (var request in _requests)
        {
            tokens += await ConsumeAsync(request);
        }

        return tokens;
    }

    [Benchmark(OperationsPerInvoke = Streams, Description = "write one chain (cache miss; mean 1.6K tokens)")]
    public long WriteChains()
    {
        var options = _engine.Options;
        long tokens = 0;
        for (var i = 0; i < Streams; i++)
        {
            var question = SimQuestion.Of($"Fresh question {i}", options.Seed, options.Questions);
            var chain = ChainWriter.Write(question, i, options);
            tokens += chain.Tokens.Length;
        }

        return tokens;
    }

    private async Task<long> ConsumeAsync(ContinuationRequest request)
    {
        long tokens = 0;
        await foreach (var token in _engine.StreamAsync(request).ConfigureAwait(false))
        {
            tokens += token.Tokens;
        }

        return tokens;
    }
}
