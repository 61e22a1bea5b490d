using Dynasor.Programs;
using Dynasor.Search;
using Dynasor.Traces;

namespace Dynasor.Tests.Search;

/// <summary>
/// The evaluator on scripted engines and reward models, every row worked out by hand. The template seed is 0, so Rebase
/// and MCTS node i is seed i and best-of-N sample i is seed i. The scripted engine streams one token per word; the scripted
/// reward model reads 10 tokens plus one per character of the steps.
/// </summary>
public class SearchEvaluatorTests
{
    private static readonly EvalQuestion Hard = new("hard?", "7");
    private static readonly EvalQuestion Easy = new("easy?", "4");

    /// <summary>
    /// MCTS, expansion width 3: iterations 1 to 3 add the root's three children (seeds 1, 2, 3), each a boxed answer;
    /// iteration 4 revisits the best child without a request. Hard: 5 (3 tokens, 0.3), 7 (2, 0.8), 7 (2, 0.6). Easy: 4 three
    /// times (2 tokens each, 0.9). Rows: even@1: hard wrong (5), 3 + 2 tokens; even@3 and even@4: both right (best 0.8 and
    /// 0.9), 7 + 6 tokens; the policy (mean reward 0.5 at 1 iteration): hard runs on to 4 (mean 0.3), easy stops (0.9),
    /// 7 + 2 tokens, saving 1 - 4.5 / 6.5.
    /// </summary>
    private static readonly Dictionary<(string, long), (string Step, double Reward)> MctsScript = new()
    {
        [("hard?", 1)] = (@"It is \boxed{5}", 0.3), [("hard?", 2)] = (@"Then \boxed{7}", 0.8), [("hard?", 3)] = (@"Maybe \boxed{7}", 0.6),
        [("easy?", 1)] = (@"Easy \boxed{4}", 0.9), [("easy?", 2)] = (@"Also \boxed{4}", 0.9), [("easy?", 3)] = (@"Still \boxed{4}", 0.9),
    };

    private static (ScriptedStepEngine, ScriptedRewardModel) Scripted(Dictionary<(string, long), (string Step, double Reward)> script) =>
        (new ScriptedStepEngine(call => script[(call.Request.Question, call.Seed)].Step),
         new ScriptedRewardModel(steps => script.Values.First(s => s.Step == steps[^1]).Reward));

    [Fact]
    public async Task RunAsync_MctsByHand_EvenRowsPolicyAndBaseline()
    {
        var (engine, rewards) = Scripted(MctsScript);
        var options = new SearchEvalOptions("mcts", [4, 1, 3], ["static:detect=1,threshold=0,reward=0.5"]);

        var rows = (await SearchEvaluator.RunAsync(engine, rewards, [Hard, Easy], options)).Rows;

        Assert.Equal(["sc:n=1", "sc:n=3", "sc:n=4", "static:detect=1,reward=0.5,threshold=0"], rows.Select(r => r.Setting));
        Assert.Equal([false, false, true, false], rows.Select(r => r.Baseline));
        Assert.Equal([0.5, 1.0, 1.0, 1.0], rows.Select(r => r.Accuracy));
        Assert.Equal([2.5, 6.5, 6.5, 4.5], rows.Select(r => r.UpstreamTokensPerQuestion));
        Assert.Equal([1.0, 3.0, 4.0, 2.5], rows.Select(r => r.KnobPerQuestion));
        Assert.Equal([1.0, 3.0, 3.0, 2.0], rows.Select(r => r.StepsPerQuestion));
        // Reward calls: hard 25 + 24 + 25, easy 24 + 24 + 25; a revisit calls nothing.
        Assert.Equal([24.5, 73.5, 73.5, 49.0], rows.Select(r => r.RewardTokensPerQuestion));
        // The chosen path's tokens: hard's "It is \boxed{5}" (3) then "Then \boxed{7}" (2); easy's first path (2).
        Assert.Equal([2.5, 2.0, 2.0, 2.0], rows.Select(r => r.CompletionTokensPerQuestion));
        // One run to the largest cap per question: three step requests each, whatever the rows.
        Assert.Equal(6, engine.Calls.Count);
    }

    [Fact]
    public async Task RunAsync_MctsRecordTrace_KeepsIterationsInSearchOrder()
    {
        var (engine, rewards) = Scripted(MctsScript);
        var options = new SearchEvalOptions("mcts", [4], []) { RecordTrace = true };

        var trace = (await SearchEvaluator.RunAsync(engine, rewards, [Hard, Easy], options)).Trace!;

        var hard = trace[0];
        Assert.Equal(("1", "7"), (hard.Id, hard.Target));
        Assert.Equal(["5", "7", "7", "7"], hard.Samples.Select(s => s.Answer));
        Assert.Equal([3, 2, 2, 0], hard.Samples.Select(s => s.Tokens));
        Assert.Equal([0.3, 0.8, 0.6, 0.8], hard.Samples.Select(s => s.Reward!.Value));
        Assert.Equal([false, true, true, true], hard.Samples.Select(s => s.Correct!.Value));
        Assert.Equal("2", trace[1].Id);
    }

    [Fact]
    public async Task RunAsync_MctsTrace_ReadsBackWithTraceReader()
    {
        var (engine, rewards) = Scripted(MctsScript);
        var trace = (await SearchEvaluator.RunAsync(engine, rewards, [Hard, Easy], new SearchEvalOptions("mcts", [4], []) { RecordTrace = true })).Trace!;

        using var stream = new MemoryStream();
        using (var writer = new TraceWriter(stream, leaveOpen: true))
        {
            foreach (var question in trace)
                writer.Write(question);
        }
        stream.Position = 0;
        var read = TraceReader.Read(new StreamReader(stream), "mcts.jsonl").ToList();

        Assert.Equal(2, read.Count);
        Assert.Equal(trace[0].Samples, read[0].Samples);
        Assert.Equal(trace[1].Samples, read[1].Samples);
        Assert.Equal(trace.Select(q => q.Target), read.Select(q => q.Target));
    }

    /// <summary>
    /// Rebase, every step a boxed answer, so a round of width w is the root's children w at once. Hard: 5 (0.2), 7 (0.9),
    /// 5 (0.5), 5 (0.5); easy: 4 (0.5) four times; each step 2 tokens. even@2: 7 wins 0.9 to 0.2, right both; even@4: 5 wins
    /// 1.2 to 0.9, hard wrong. The policy (only a unanimous vote stops at 2) runs hard's second round as nodes 3 and 4, the
    /// very requests of even@4, so it costs the engine nothing: 8 step requests for everything.
    /// </summary>
    [Fact]
    public async Task RunAsync_RebaseByHand_RowsAndSharedSteps()
    {
        var script = new Dictionary<(string, long), (string Step, double Reward)>
        {
            [("hard?", 1)] = (@"A \boxed{5}", 0.2), [("hard?", 2)] = (@"B \boxed{7}", 0.9), [("hard?", 3)] = (@"C \boxed{5}", 0.5), [("hard?", 4)] = (@"D \boxed{5}", 0.5),
            [("easy?", 1)] = (@"E \boxed{4}", 0.5), [("easy?", 2)] = (@"F \boxed{4}", 0.5), [("easy?", 3)] = (@"G \boxed{4}", 0.5), [("easy?", 4)] = (@"H \boxed{4}", 0.5),
        };
        var (engine, rewards) = Scripted(script);
        var options = new SearchEvalOptions("rebase", [2, 4], ["static:detect=2,threshold=1"]);

        var rows = (await SearchEvaluator.RunAsync(engine, rewards, [Hard, Easy], options)).Rows;

        Assert.Equal([1.0, 0.5, 0.5], rows.Select(r => r.Accuracy));
        Assert.Equal([4.0, 8.0, 6.0], rows.Select(r => r.UpstreamTokensPerQuestion));
        Assert.Equal([2.0, 4.0, 3.0], rows.Select(r => r.KnobPerQuestion));
        Assert.Equal([2.0, 4.0, 3.0], rows.Select(r => r.StepsPerQuestion));
        // 21 reward tokens per solution (10 + 11 characters), a replayed call counted as the run alone would.
        Assert.Equal([42.0, 84.0, 63.0], rows.Select(r => r.RewardTokensPerQuestion));
        Assert.Equal([2.0, 2.0, 2.0], rows.Select(r => r.CompletionTokensPerQuestion));
        Assert.Equal(8, engine.Calls.Count);
        Assert.Equal(8, rewards.Requests.Count);
    }

    /// <summary>
    /// Best-of-N over samples 0, 1, 2: 5 (0.6, 1 token), 7 (0.9, 1 token), 5 (0.1, 2 tokens). even@1 answers 5 (wrong), even@3 the
    /// best-rewarded 7; the max-reward policy stops at 1 sample (0.6 >= 0.5): wrong, 1 token, saving 3/4. Reward-weighted SC
    /// at 3 also answers 7 (0.9 against 0.7). Three samples are generated for all the rows.
    /// </summary>
    [Theory]
    [InlineData("bon")]
    [InlineData("wsc")]
    public async Task RunAsync_BestOfNByHand_SharesSamplesAcrossRows(string program)
    {
        var script = new Dictionary<(string, long), (string Step, double Reward)>
        {
            [("hard?", 0)] = (@"\boxed{5}", 0.6), [("hard?", 1)] = (@"\boxed{7}", 0.9), [("hard?", 2)] = (@"So \boxed{5}", 0.1),
        };
        var engine = new ScriptedStepEngine(call => script[(call.Request.Question, call.Seed)].Step);
        var rewards = new ScriptedRewardModel(steps => script.Values.First(s => s.Step == steps[^1]).Reward);
        var options = new SearchEvalOptions(program, [1, 3], ["static:detect=1,threshold=0,max_reward=0.5"]);

        var rows = (await SearchEvaluator.RunAsync(engine, rewards, [Hard], options)).Rows;

        Assert.Equal([0.0, 1.0, 0.0], rows.Select(r => r.Accuracy));
        Assert.Equal([1.0, 4.0, 1.0], rows.Select(r => r.UpstreamTokensPerQuestion));
        Assert.Equal([19.0, 60.0, 19.0], rows.Select(r => r.RewardTokensPerQuestion));
        Assert.Equal([1.0, 3.0, 1.0], rows.Select(r => r.KnobPerQuestion));
        Assert.Equal(3, engine.Calls.Count);
        Assert.Equal(3, rewards.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_Progress_ReportsEachQuestionOnce()
    {
        var (engine, rewards) = Scripted(MctsScript);
        var reported = new List<double>();

        await SearchEvaluator.RunAsync(engine, rewards, [Hard, Easy], new SearchEvalOptions("mcts", [3], []) { Concurrency = 1 }, new SyncProgress(reported.Add));

        Assert.Equal([0.5, 1.0], reported);
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
