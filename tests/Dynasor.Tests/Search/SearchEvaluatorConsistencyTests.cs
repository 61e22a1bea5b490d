using Dynasor.Answers;
using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Rewards;
using Dynasor.Search;
using Dynasor.SimEngine;

namespace Dynasor.Tests.Search;

/// <summary>
/// The work the evaluator shares across rows changes no row: each row equals running its program afresh, under its own
/// policy, on its own engine (MCTS read from one recorded run; Rebase through the step and reward caches; best-of-N
/// over shared samples). On the simulated engine (solution mode) and its simulated PRM.
/// </summary>
public class SearchEvaluatorConsistencyTests
{
    private static readonly SimEngineOptions Engine = new() { Seed = 11, TimeScale = 0 };

    private static async Task<(IReadOnlyList<SearchEvalRow> Rows, IReadOnlyList<SearchEvalRow> Direct)> BothAsync(SearchEvalOptions options, int questions)
    {
        await using var engine = new SimulatedEngine(Engine, TimeProvider.System);
        var rewards = new SimulatedRewardModel(engine);
        var graded = Enumerable.Range(1, questions).Select(i => new EvalQuestion($"Consistency question {i}?", engine.GoldAnswer($"Consistency question {i}?"))).ToList();
        var rows = (await SearchEvaluator.RunAsync(engine, rewards, graded, options)).Rows;

        var direct = new List<SearchEvalRow>();
        foreach (var setting in options.Settings())
        {
            var results = new List<(SearchResult Result, bool Correct)>();
            foreach (var question in graded)
            {
                // A fresh engine per run: nothing is shared with any other row or question.
                await using var alone = new SimulatedEngine(Engine, TimeProvider.System);
                var template = new ContinuationRequest([new ChatTurn("user", question.Text)], "", options.MaxTokens, new SamplingOptions(Seed: options.Seed));
                var policy = PolicyCatalog.Create(setting.Spec);
                var prm = new SimulatedRewardModel(alone);
                var result = options.Program switch
                {
                    "mcts" => await new MctsProgram(alone, prm, template, setting.Cap, options.Search).RunAsync(policy),
                    "rebase" => await new RebaseProgram(alone, prm, template, setting.Cap, options.Search).RunAsync(policy),
                    _ => await BestOfN.RunAsync(alone, prm, template, policy, new ScOptions(setting.Cap), options.Program == "bon" ? AnswerRule.BestReward : AnswerRule.RewardWeighted),
                };
                results.Add((result, result.AnswerKey is not null && AnswerGrader.IsCorrect(result.Answer ?? "", question.Gold)));
            }
            var n = (double)questions;
            direct.Add(new SearchEvalRow(options.Program, setting.Spec.ToString(), setting.Cap, setting.Even, false, questions,
                results.Count(r => r.Correct) / n, results.Sum(r => r.Result.UpstreamTokens) / n, 0, results.Sum(r => r.Result.RewardTokens) / n,
                results.Sum(r => r.Result.Knob) / n, results.Sum(r => r.Result.Steps) / n));
        }
        return (rows, direct);
    }

    [Theory]
    [InlineData("mcts", new[] { 2, 5 }, new[] { "static:detect=2,threshold=0,reward=0.6", "terminate:after=2,below=0.5", "stepped:detect=2,every=1,threshold=0.99" })]
    [InlineData("rebase", new[] { 4, 8 }, new[] { "static:detect=4,threshold=0.85,max_reward=0.9", "terminate:after=4,below=0.5" })]
    [InlineData("bon", new[] { 2, 6 }, new[] { "static:detect=2,threshold=0,max_reward=0.9", "ac" })]
    [InlineData("wsc", new[] { 2, 6 }, new[] { "static:detect=2,threshold=0.7" })]
    public async Task RunAsync_SharedWork_EveryRowEqualsItsOwnRun(string program, int[] caps, string[] policies)
    {
        var (rows, direct) = await BothAsync(new SearchEvalOptions(program, caps, policies) { Seed = 3 }, questions: 6);

        Assert.Equal(direct.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, alone) = (rows[i], direct[i]);
            Assert.Equal(alone.Setting, row.Setting);
            Assert.Equal(alone.Accuracy, row.Accuracy, 12);
            Assert.Equal(alone.UpstreamTokensPerQuestion, row.UpstreamTokensPerQuestion, 9);
            Assert.Equal(alone.RewardTokensPerQuestion, row.RewardTokensPerQuestion, 9);
            Assert.Equal(alone.KnobPerQuestion, row.KnobPerQuestion, 12);
            Assert.Equal(alone.StepsPerQuestion, row.StepsPerQuestion, 12);
        }
        // The policies stop some questions early, so the comparison is not between identical rows.
        Assert.Contains(rows, r => !r.Even && r.KnobPerQuestion < caps.Max());
    }
}
