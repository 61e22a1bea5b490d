using System.Globalization;
using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.Rewards;
using Dynasor.Traces;

namespace Dynasor.Search;

/// <summary>
/// Measures a reward-guided program (Rebase, MCTS, best-of-N, reward-weighted SC) under even allocation at each cap and
/// under allocation policies, on graded questions through a streaming engine and a reward model: accuracy and the
/// tokens each setting spends. Work is shared across settings only where the outcome is unchanged by it:
/// <list type="bullet">
/// <item>MCTS runs once per question to the largest cap, one iteration at a time; iterations are sequential and a policy
/// only decides how many run, so every setting is read from that one run (<see cref="MctsTruncation"/>).</item>
/// <item>Rebase runs each setting afresh (its rounds depend on the grant), through a per-question cache of step requests
/// and reward calls (<see cref="StepCache"/>: the engine is deterministic given the seed, which the program fixes per node).</item>
/// <item>Best-of-N and reward-weighted SC share one seeded, scored sample source per question.</item>
/// </list>
/// Every setting's tokens are what it would spend alone. Questions run <see cref="SearchEvalOptions.Concurrency"/> at a time.
/// </summary>
public static class SearchEvaluator
{
    /// <summary>Runs every setting of <paramref name="options"/> on every question.</summary>
    /// <param name="engine">Where steps and samples come from: the simulated engine, or an HTTP upstream.</param>
    /// <param name="rewards">The process reward model (for best-of-N, an outcome model works too).</param>
    /// <param name="progress">Receives the share of questions done, in [0, 1].</param>
    /// <exception cref="ArgumentException">An option or a spec is bad (thrown before any request).</exception>
    /// <exception cref="RewardModelException">The reward model failed; the other questions' requests are cancelled first.</exception>
    public static async Task<SearchEvaluation> RunAsync(IStreamingEngine engine, IRewardModel rewards, IReadOnlyList<EvalQuestion> questions,
        SearchEvalOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var settings = options.Settings();
        var outcomes = new SearchOutcome[questions.Count][];
        var trace = options.RecordTrace ? new TraceQuestion[questions.Count] : null;
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, questions.Count), parallel, async (q, ct) =>
        {
            var question = questions[q];
            var template = new ContinuationRequest([new ChatTurn("user", question.Text)], "", options.MaxTokens, new SamplingOptions(Seed: options.Seed));
            outcomes[q] = options.Program switch
            {
                "rebase" => await RebaseEvaluation.RunAsync(engine, rewards, template, question.Gold, settings, options.Search, ct).ConfigureAwait(false),
                "mcts" => await MctsAsync(engine, rewards, template, q, question, settings, options, trace, ct).ConfigureAwait(false),
                "bon" => await BestOfNEvaluation.RunAsync(engine, rewards, template, question.Gold, settings, AnswerRule.BestReward, ct).ConfigureAwait(false),
                _ => await BestOfNEvaluation.RunAsync(engine, rewards, template, question.Gold, settings, AnswerRule.RewardWeighted, ct).ConfigureAwait(false),
            };
            progress?.Report(Interlocked.Increment(ref done) / (double)questions.Count);
        }).ConfigureAwait(false);

        var rows = settings.Select((setting, s) => Row(options.Program, setting, setting.Even && setting.Cap == options.MaxCap,
            outcomes.Select(o => o[s]).ToList())).ToList();
        return new SearchEvaluation(rows, trace);
    }

    private static async Task<SearchOutcome[]> MctsAsync(IStreamingEngine engine, IRewardModel rewards, ContinuationRequest template, int q, EvalQuestion question,
        IReadOnlyList<SearchSetting> settings, SearchEvalOptions options, TraceQuestion[]? trace, CancellationToken cancellationToken)
    {
        var recorded = await MctsRecorder.RunAsync(engine, new RewardCache(rewards), template, options.MaxCap, options.Search, cancellationToken).ConfigureAwait(false);
        var iterations = recorded.Select(it => it with { Correct = it.Key.Length > 0 && Answers.AnswerGrader.IsCorrect(it.Answer, question.Gold) }).ToList();
        if (trace is not null)
        {
            trace[q] = new TraceQuestion((q + 1).ToString(CultureInfo.InvariantCulture), null, null, question.Gold,
                iterations.Select(it => new TraceSample(it.Answer, it.Tokens, it.Correct, it.Reward)).ToList());
        }
        return settings.Select(s => MctsTruncation.Outcome(iterations, s.Policy(), s.Cap)).ToArray();
    }

    private static SearchEvalRow Row(string mode, SearchSetting setting, bool baseline, IReadOnlyList<SearchOutcome> outcomes)
    {
        var n = Math.Max(1, outcomes.Count);
        return new SearchEvalRow(mode, setting.Spec.ToString(), setting.Cap, setting.Even, baseline, outcomes.Count,
            outcomes.Count(o => o.Correct) / (double)n,
            outcomes.Sum(o => o.UpstreamTokens) / (double)n,
            outcomes.Sum(o => o.CompletionTokens) / (double)n,
            outcomes.Sum(o => o.RewardTokens) / (double)n,
            outcomes.Sum(o => o.Knob) / (double)n,
            outcomes.Sum(o => o.Steps) / (double)n);
    }
}
