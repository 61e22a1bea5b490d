using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Tests.Programs;

public class AdaptiveSelfConsistencyTests
{
    private static readonly ContinuationRequest Request = new([new ChatTurn("user", "6 x 7?")], "", 256, new SamplingOptions(Seed: 0));

    /// <summary>Grants <c>wave</c> samples until <c>stopAt</c> samples are drawn.</summary>
    private sealed class StopAtPolicy(int wave, int stopAt) : IAllocationPolicy
    {
        public int Next(ProgramProgress progress) => progress.Samples >= stopAt ? 0 : wave;
    }

    [Fact]
    public async Task RunAsync_PolicyStops_DrawsOnlyWhatItGrantedInWaves()
    {
        var engine = new SeededAnswerEngine(s => s % 3 == 0 ? "41" : "42");
        var result = await AdaptiveSelfConsistency.RunAsync(engine, Request, new StopAtPolicy(2, 6), new ScOptions(MaxSamples: 40));
        Assert.Equal(6, result.Samples);
        Assert.Equal(3, result.Waves);
        Assert.Equal(6, engine.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), engine.Requests.Select(r => r.Sampling.Seed!.Value).Order());
        Assert.Equal("42", result.Answer);
        Assert.Equal(new Dictionary<string, int> { ["41"] = 2, ["42"] = 4 }, result.Votes);
        Assert.Equal("Working it out: \\boxed{42}", result.Text);
        Assert.Equal(4, result.TextTokens);
        Assert.Equal(24, result.UpstreamTokens);
        Assert.Equal("stop", result.FinishReason);
    }

    [Fact]
    public async Task RunAsync_UnanimousFirstWindow_EscStopsAfterOneWave()
    {
        var engine = new SeededAnswerEngine(_ => "7");
        var result = await AdaptiveSelfConsistency.RunAsync(engine, Request, "esc:window=5", new ScOptions(MaxSamples: 40));
        Assert.Equal(5, result.Samples);
        Assert.Equal(1, result.Waves);
        Assert.Equal(1.0, result.Certaindex);
    }

    [Fact]
    public async Task RunAsync_PolicyWantsMoreThanTheCap_StopsAtMaxSamples()
    {
        var engine = new SeededAnswerEngine(s => (s % 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await AdaptiveSelfConsistency.RunAsync(engine, Request, "sc:n=40", new ScOptions(MaxSamples: 10));
        Assert.Equal(10, result.Samples);
        Assert.Equal(10, engine.Requests.Count);
        Assert.Equal("0", result.AnswerKey);
    }

    [Fact]
    public async Task RunAsync_SequentialPolicyWithMinWave_DrawsAtLeastMinWavePerWave()
    {
        var sequential = await AdaptiveSelfConsistency.RunAsync(new SeededAnswerEngine(_ => "7"), Request, "ac", new ScOptions());
        var waved = await AdaptiveSelfConsistency.RunAsync(new SeededAnswerEngine(_ => "7"), Request, "ac", new ScOptions(MinWave: 4));
        Assert.Equal(sequential.Waves, sequential.Samples);
        Assert.True(waved.Samples >= 4 && waved.Samples % 4 == 0, $"{waved.Samples} samples");
        Assert.True(waved.Waves < waved.Samples);
    }

    [Fact]
    public async Task RunAsync_CalibratedPolicyFile_RunsTheSpecInside()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dynasor-sc-{Guid.NewGuid():N}.json");
        new PolicyFile { Spec = "esc:window=3" }.Save(path);
        try
        {
            var result = await AdaptiveSelfConsistency.RunAsync(new SeededAnswerEngine(_ => "7"), Request, "@" + path, new ScOptions());
            Assert.Equal(3, result.Samples);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_BadSettings_ThrowNamingThem()
    {
        var engine = new SeededAnswerEngine(_ => "7");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => AdaptiveSelfConsistency.RunAsync(engine, Request, "ac", new ScOptions(MaxSamples: 0)));
        Assert.Contains("max_samples 0", e.Message);
        await Assert.ThrowsAsync<PolicySpecException>(() => AdaptiveSelfConsistency.RunAsync(engine, Request, "nope", new ScOptions()));
        Assert.Empty(engine.Requests);
    }

    [Fact]
    public async Task RunAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AdaptiveSelfConsistency.RunAsync(new SeededAnswerEngine(_ => "7"), Request, "sc:n=4", new ScOptions(), cts.Token));
    }
}
