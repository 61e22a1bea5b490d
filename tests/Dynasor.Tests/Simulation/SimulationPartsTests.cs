using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

public sealed class SimulationPartsTests
{
    [Fact]
    public void EventQueue_SameTime_FiresByPriorityThenInsertion()
    {
        var queue = new EventQueue(new VirtualTimeProvider());
        var fired = new List<string>();
        queue.At(2, 0, () => fired.Add("t2"));
        queue.At(1, 1, () => fired.Add("t1p1a"));
        queue.At(1, 0, () => fired.Add("t1p0"));
        queue.At(1, 1, () => fired.Add("t1p1b"));
        queue.Run();
        Assert.Equal(["t1p0", "t1p1a", "t1p1b", "t2"], fired);
        Assert.Equal(2, queue.Clock.Seconds);
    }

    [Fact]
    public void EventQueue_EventInThePast_Throws()
    {
        var queue = new EventQueue(new VirtualTimeProvider());
        queue.Clock.MoveTo(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.At(4, 0, () => { }));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.5)]
    public void ArrivalProcess_Gaps_HaveTheRequestedMeanAndCv(double cv)
    {
        // 100,000 gaps: the sample mean and CV are within about 1% of the truth; 4% leaves room.
        var times = ArrivalProcess.Times(4, cv, 100_000, new Random(5));
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).Prepend(times[0]).ToArray();
        var mean = gaps.Average();
        var sd = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Length - 1));
        Assert.Equal(0.25, mean, 0.01);
        Assert.Equal(cv, sd / mean, cv * 0.04);
    }

    [Fact]
    public void DecodeSpanMs_EqualsTheSumOfItsIterations()
    {
        var model = IterationCostModel.Opt13BA100;
        var expected = Enumerable.Range(0, 50).Sum(i => model.DecodeMs(3000 + i * 17.0, 17));
        Assert.Equal(expected, model.DecodeSpanMs(3000, 17, 50), 6);
    }

    [Fact]
    public void DecodeStepsFor_ReturnsTheFewestStepsCoveringTheTime()
    {
        var model = IterationCostModel.Opt13BA100;
        var steps = model.DecodeStepsFor(1234.5, 8000, 40);
        Assert.True(model.DecodeSpanMs(8000, 40, steps) >= 1234.5);
        Assert.True(model.DecodeSpanMs(8000, 40, steps - 1) < 1234.5);
    }

    [Fact]
    public void CostModelFit_ExactMeasurements_RecoverTheCoefficients()
    {
        var truth = IterationCostModel.Opt13BA100;
        var path = Path.GetTempFileName();
        try
        {
            var lines = new List<string> { "phase,sum_length,sum_squared_length,sum_context,batch,ms" };
            foreach (var (n, l) in new[] { (1, 128), (2, 512), (4, 1024), (8, 256), (3, 2000) })
                lines.Add(FormattableString.Invariant($"prefill,{n * l},{n * (double)l * l},,,{truth.PrefillMs(n * l, n * (double)l * l):R}"));
            foreach (var (b, ctx) in new[] { (1, 500), (16, 9000), (64, 20000), (128, 90000), (200, 30000) })
                lines.Add(FormattableString.Invariant($"decode,,,{ctx},{b},{truth.DecodeMs(ctx, b):R}"));
            File.WriteAllLines(path, lines);

            var fit = CostModelFit.FromCsv(path);
            Assert.Equal(truth.PrefillA, fit.PrefillA, 1e-6);
            Assert.Equal(truth.PrefillB, fit.PrefillB, 1e-8);
            Assert.Equal(truth.PrefillC, fit.PrefillC, 1e-10);
            Assert.Equal(truth.DecodeA, fit.DecodeA, 1e-6);
            Assert.Equal(truth.DecodeB, fit.DecodeB, 1e-9);
            Assert.Equal(truth.DecodeC, fit.DecodeC, 1e-8);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CostModelFit_TooFewRows_SaysHowManyAreNeeded()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["phase,sum_length,sum_squared_length,sum_context,batch,ms", "prefill,10,100,,,5", "decode,,,10,1,5"]);
            var e = Assert.Throws<ArgumentException>(() => CostModelFit.FromCsv(path));
            Assert.Contains("at least 3", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("1:2:0.5", new[] { 1.0, 1.5, 2.0 })]
    [InlineData("0.1:0.3:0.1", new[] { 0.1, 0.2, 0.3 })]
    [InlineData("4", new[] { 4.0 })]
    public void ParseRange_ValidText_ListsThePoints(string text, double[] expected) =>
        Assert.Equal(expected, SimulationSweep.ParseRange(text, "--rate"));

    [Theory]
    [InlineData("1:x:1")]
    [InlineData("2:1:1")]
    [InlineData("0")]
    [InlineData("1:2")]
    public void ParseRange_BadText_ThrowsNamingTheOption(string text) =>
        Assert.Contains("--rate", Assert.Throws<ArgumentException>(() => SimulationSweep.ParseRange(text, "--rate")).Message);

    [Theory]
    [InlineData(SimulationOptions.MaxPrograms + 1, 1, 200, "programs must be 1..100000")]
    [InlineData(1000, SimulationOptions.MaxReplicas + 1, 200, "replicas must be 1..1024")]
    [InlineData(1000, 1, SimulationOptions.MaxPromptTokens + 1, "prompt tokens must be 0..1000000")]
    public void Options_BeyondTheBounds_AreRejectedWithTheRange(int programs, int replicas, int prompt, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() =>
            new SimulationOptions { Programs = programs, Replicas = replicas, PromptTokens = prompt }.Validate()).Message);

    [Fact]
    public void Evaluate_DeadlinesScaleWithDifficulty()
    {
        var run = new SimulationRun([new(0, 15, 1, true, 1, 10, 0), new(0, 25, 2, false, 1, 10, 0), new(0, 35, 3, true, 1, 10, 0)], 30, 35, 1, 10);
        var tight = SimulationMetrics.Evaluate(run, "a", "s", 1, 1);
        var loose = SimulationMetrics.Evaluate(run, "a", "s", 1, 1.5);
        Assert.Equal(0, tight.Attainment);
        Assert.Equal(1, loose.Attainment, 9);
        Assert.Equal(2.0 / 3, loose.Accuracy, 9);
        Assert.Equal(35, loose.P90Latency);
    }
}
