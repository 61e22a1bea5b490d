using System.Collections.Concurrent;
using System.Diagnostics;
using Dynasor.Cot;
using Dynasor.Diagnostics;
using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.SimEngine;

namespace Dynasor.Tests.Diagnostics;

/// <summary>
/// The spans the programs open, caught by a listener that samples only the test's own trace (tests running beside
/// it create none): a program's span under the caller's, and a span per step under the program's.
/// </summary>
public sealed class DynasorActivityTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly Activity _caller = new Activity("caller").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    public DynasorActivityTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DynasorActivity.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == _caller.TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private static ContinuationRequest Request(int maxTokens) =>
        new([new ChatTurn("user", "Sim question 3: what is the answer?")], "", maxTokens, new SamplingOptions(Seed: 11));

    [Fact]
    public async Task CotRun_WithACallerSpan_RunSpanParentsChunksThatCoverTheChainAndProbesBesideThem()
    {
        await using var engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 0 }, TimeProvider.System);
        _caller.Start();
        var result = await DynasorCot.CompleteAsync(engine, Request(16384), CotOptions.FromEffort("high"));
        _caller.Stop();

        var run = Assert.Single(Mine(), s => s.OperationName == DynasorActivity.CotRun);
        Assert.Equal(_caller.SpanId, run.ParentSpanId);
        var chunks = Mine().Where(s => s.OperationName == DynasorActivity.CotChunk).ToList();
        var probes = Mine().Where(s => s.OperationName == DynasorActivity.CotProbe).ToList();
        Assert.All(chunks.Concat(probes), s => Assert.Equal(run.SpanId, s.ParentSpanId));
        Assert.Equal(chunks.Count - 1, probes.Count);
        Assert.True(probes.Count >= result.Summary.Probes);
        Assert.Equal(result.Summary.UpstreamTokens, chunks.Concat(probes).Sum(s => (long)s.GetTagItem(DynasorActivity.Tokens)!));
        Assert.Equal(result.Summary.UpstreamTokens, (long)run.GetTagItem(DynasorActivity.Tokens)!);
        Assert.Equal(result.Summary.Certaindex, (double)run.GetTagItem(DynasorActivity.Certaindex)!);
    }

    [Fact]
    public async Task ScRun_WithACallerSpan_RunSpanParentsWavesWhichParentTheirSamples()
    {
        await using var engine = new SimulatedEngine(new SimEngineOptions { TimeScale = 0 }, TimeProvider.System);
        _caller.Start();
        var result = await AdaptiveSelfConsistency.RunAsync(engine, Request(4096), "esc:window=3", new ScOptions(MaxSamples: 12));
        _caller.Stop();

        var run = Assert.Single(Mine(), s => s.OperationName == DynasorActivity.ScRun);
        Assert.Equal(_caller.SpanId, run.ParentSpanId);
        var waves = Mine().Where(s => s.OperationName == DynasorActivity.ScWave).ToList();
        var samples = Mine().Where(s => s.OperationName == DynasorActivity.ScSample).ToList();
        Assert.Equal(result.Waves, waves.Count);
        Assert.All(waves, w => Assert.Equal(run.SpanId, w.ParentSpanId));
        Assert.Equal(result.Samples, samples.Count);
        Assert.All(samples, s => Assert.Contains(waves, w => w.SpanId == s.ParentSpanId));
        Assert.Equal(result.UpstreamTokens, samples.Sum(s => (long)s.GetTagItem(DynasorActivity.Tokens)!));
        Assert.Equal(result.Samples < 12, (bool)run.GetTagItem(DynasorActivity.ExitedEarly)!);
    }

    [Fact]
    public void StartStep_NobodyListening_ReturnsNullAndCostsNoSpan()
    {
        // Not this test's trace: the listener samples nothing, as when no tracer is configured.
        using var span = DynasorActivity.StartStep(DynasorActivity.ScSample);

        Assert.Null(span);
    }

    private List<Activity> Mine() => _spans.Where(s => s.TraceId == _caller.TraceId).ToList();

    public void Dispose()
    {
        _listener.Dispose();
        _caller.Dispose();
    }
}
