using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Tests.Programs;

public class SelfConsistencyProgramTests
{
    /// <summary>A fake engine: answers come from a callback, and it records the requests it saw.</summary>
    private sealed class FakeEngine(Func<GenerationRequest, Generation> answer) : IReasoningEngine
    {
        public List<GenerationRequest> Requests { get; } = [];

        public ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return ValueTask.FromResult(answer(request));
        }
    }

    [Fact]
    public async Task RunAsync_Esc_DrawsWindowsUntilOneAgrees()
    {
        // Answers: 1,2,1,1,1 | 1,1,1,1,1 -> the second window agrees.
        string[] answers = ["1", "2", "1", "1", "1", "1", "1", "1", "1", "1", "3", "3"];
        var engine = new FakeEngine(r => new Generation($"so \\boxed{{{answers[r.Index]}}}", 10 + r.Index));
        var program = new SelfConsistencyProgram("q", cap: 12);
        var result = await program.RunAsync(engine, PolicyCatalog.Create(PolicyCatalog.Parse("esc:window=5")));
        Assert.Equal(10, result.Samples);
        Assert.Equal(Enumerable.Range(0, 10), engine.Requests.Select(r => r.Index));
        Assert.All(engine.Requests, r => Assert.Equal("q", r.Prompt));
        Assert.Equal(Enumerable.Range(0, 10).Sum(i => 10 + i), result.Tokens);
        Assert.Equal("1", result.AnswerKey);
        Assert.Equal("so \\boxed{1}", result.Text);
    }

    [Fact]
    public async Task RunAsync_PolicyAsksBeyondCap_IsClampedToCap()
    {
        var engine = new FakeEngine(r => new Generation("", 1, Answer: (r.Index % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var result = await new SelfConsistencyProgram("q", cap: 7).RunAsync(engine, PolicyCatalog.Create(PolicyCatalog.Parse("sc:n=40")));
        Assert.Equal(7, result.Samples);
        Assert.Equal(7, engine.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_NoSampleAnswers_ReturnsNoAnswer()
    {
        var engine = new FakeEngine(_ => new Generation("I cannot tell.", 5, Answer: ""));
        var result = await new SelfConsistencyProgram("q", cap: 3).RunAsync(engine, PolicyCatalog.Create(PolicyCatalog.Parse("sc:n=3")));
        Assert.Null(result.AnswerKey);
        Assert.Equal(3, result.Samples);
        Assert.Equal(15, result.Tokens);
    }

    [Fact]
    public async Task ExpandAsync_OneSampleOfAWaveFails_CancelsAndAwaitsTheOthersBeforeThrowing()
    {
        var engine = new FirstFailsOthersHang();
        var program = new SelfConsistencyProgram("q", cap: 8);

        await Assert.ThrowsAsync<InvalidOperationException>(() => program.ExpandAsync(engine, 3).AsTask());

        // Both other samples were cancelled and had ended by the time the failure surfaced.
        Assert.Equal(2, engine.Ended);
    }

    /// <summary>Sample 0 fails; every other sample runs until cancelled.</summary>
    private sealed class FirstFailsOthersHang : IReasoningEngine
    {
        private int _ended;

        public int Ended => Volatile.Read(ref _ended);

        public async ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (request.Index == 0)
                throw new InvalidOperationException("upstream failed");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable: the delay never ends uncancelled");
            }
            finally
            {
                Interlocked.Increment(ref _ended);
            }
        }
    }
}
