using Dynasor.Engines;

namespace Dynasor.Tests.Engines;

public class TraceEngineTests
{
    private static readonly Dynasor.Replay.PreparedTrace Trace = TestTraces.Prepared(
        TestTraces.Question("a", "1", "1", "2", "3", "4", "5", "6"),
        TestTraces.Question("b", "1", "1", "1", "1"));

    private static List<string?> Order(Dynasor.Replay.PreparedTrace trace, string id, ulong seed, bool resample = false)
    {
        var engine = new TraceEngine(trace.ById, seed, resample);
        return Enumerable.Range(0, 6).Select(i => engine.GenerateAsync(new GenerationRequest(id, i)).Result.Answer).ToList();
    }

    [Fact]
    public void GenerateAsync_SameSeed_ServesTheSameOrder() => Assert.Equal(Order(Trace, "a", 7), Order(Trace, "a", 7));

    [Fact]
    public void GenerateAsync_ServesEverySampleOnce() =>
        Assert.Equal(["1", "2", "3", "4", "5", "6"], Order(Trace, "a", 3).Order());

    [Fact]
    public void GenerateAsync_OrderDoesNotDependOnOtherQuestions()
    {
        var alone = TestTraces.Prepared(TestTraces.Question("a", "1", "1", "2", "3", "4", "5", "6"));
        Assert.Equal(Order(Trace, "a", 11), Order(alone, "a", 11));
    }

    [Fact]
    public void GenerateAsync_DifferentSeeds_UsuallyDiffer() =>
        Assert.Contains(Enumerable.Range(1, 5), s => !Order(Trace, "a", (ulong)s).SequenceEqual(Order(Trace, "a", 0)));

    [Fact]
    public void GenerateAsync_Resample_DrawsWithReplacementReproducibly()
    {
        // Over a few seeds, six draws from six distinct answers repeat one (a permutation never does)...
        var draws = Enumerable.Range(0, 8).Select(s => Order(Trace, "a", (ulong)s, resample: true)).ToList();
        Assert.Contains(draws, d => d.Distinct().Count() < 6);
        Assert.All(draws, d => Assert.All(d, a => Assert.Contains(a, new[] { "1", "2", "3", "4", "5", "6" })));
        // ...and the same seed draws the same samples, whatever else is in the trace.
        var alone = TestTraces.Prepared(TestTraces.Question("a", "1", "1", "2", "3", "4", "5", "6"));
        Assert.Equal(draws[3], Order(alone, "a", 3, resample: true));
    }

    [Fact]
    public void GenerateAsync_BeyondTheRecordedSamples_Throws()
    {
        var engine = new TraceEngine(Trace.ById, 0);
        var e = Assert.Throws<InvalidOperationException>(() => engine.GenerateAsync(new GenerationRequest("b", 3)));
        Assert.Contains("has 3 recorded samples", e.Message);
    }

    [Fact]
    public void GenerateAsync_UnknownQuestion_Throws() =>
        Assert.Throws<KeyNotFoundException>(() => new TraceEngine(Trace.ById, 0).GenerateAsync(new GenerationRequest("zz", 0)));
}
