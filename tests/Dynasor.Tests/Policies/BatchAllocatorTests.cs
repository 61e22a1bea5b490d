using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Replay;
using Dynasor.Traces;

namespace Dynasor.Tests.Policies;

public class BatchAllocatorTests
{
    [Fact]
    public async Task RunAsync_SelfConsistentBatch_GivesALongQuestionItsSecondSampleBeforeShortOnesTheirThird()
    {
        // Twenty short questions the model always answers the same way, and one whose samples are ten times longer.
        // The old Beta(1, 1) gain per token (0.25 / 1000 for one vote against 0.125 / 100 for an agreeing pair) sent
        // the short questions to their third, fourth and fifth samples first; the prior fitted to this batch says an
        // agreeing pair is settled, so the long question's second vote is the better buy.
        var questions = Enumerable.Range(0, 20)
            .Select(i => new TraceQuestion($"short{i}", "test", "test", "7", Enumerable.Repeat(new TraceSample("7", 100), 8).ToList()))
            .Append(new TraceQuestion("long", "test", "test", "3", Enumerable.Range(0, 8).Select(i => new TraceSample(i % 2 == 0 ? "3" : "4", 1000)).ToList()))
            .ToList();
        var trace = PreparedTrace.From("batch.jsonl", questions);
        var programs = trace.Questions.Select(q => new SelfConsistencyProgram(q.Id, 8)).ToList();

        // First wave (20 x 100 + 1000), second samples for the short ones (2000), then room for one 1000-token sample.
        await new BatchAllocator(initial: 1).RunAsync(programs, new TraceEngine(trace.ById, 1), 3000 + 2000 + 1000);

        var longProgram = programs[^1].Progress;
        Assert.True(longProgram.Samples >= 2, $"the long question drew {longProgram.Samples} sample(s)");
        Assert.All(programs.SkipLast(1), p => Assert.True(p.Progress.Samples <= 2, $"a short question drew {p.Progress.Samples}"));
    }
}
