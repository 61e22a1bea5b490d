using System.Globalization;
using Dynasor.Cot;
using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.Rewards;
using Dynasor.Search;
using Dynasor.SimEngine;
using Dynasor.Traces;

namespace Dynasor.Cli.Commands;

/// <summary>Runs one seed of an <see cref="EvalPlan"/>: its cot, sc or reward-guided rows, on the simulated engine or an upstream.</summary>
internal static class EvalRunner
{
    /// <summary>The seeded question texts of the simulated evaluation (the same for the in-process engine and a sim-engine with that seed).</summary>
    public static IEnumerable<string> QuestionTexts(int questions, int seed) => Enumerable.Range(1, questions)
        .Select(i => string.Create(CultureInfo.InvariantCulture, $"Eval question {i} (seed {seed}): what is the final answer?"));

    /// <summary>The plan at <paramref name="seed"/> on the in-process simulated engine (TimeScale 0) and, for a reward-guided program, its simulated PRM.</summary>
    public static async Task<IReadOnlyList<EvalLine>> RunSimulatedAsync(EvalPlan plan, int seed, IProgress<double> progress, List<TraceQuestion>? trace)
    {
        await using var engine = new SimulatedEngine(new SimEngineOptions { Seed = seed, TimeScale = 0 }, TimeProvider.System);
        var questions = QuestionTexts(plan.Questions, seed).Select(text => new EvalQuestion(text, engine.GoldAnswer(text))).ToList();
        var rewards = plan.Program is null ? null : new SimulatedRewardModel(engine, new SimRewardOptions { Noise = plan.RewardNoise });
        return await RunAsync(engine, rewards, questions, plan, seed, progress, trace).ConfigureAwait(false);
    }

    /// <summary>The plan at <paramref name="seed"/> on <paramref name="engine"/>; <paramref name="rewards"/> is needed for a reward-guided program.</summary>
    /// <param name="trace">Receives an MCTS run's iterations per question, when the plan writes a trace.</param>
    public static async Task<IReadOnlyList<EvalLine>> RunAsync(IStreamingEngine engine, IRewardModel? rewards, IReadOnlyList<EvalQuestion> questions, EvalPlan plan,
        int seed, IProgress<double> progress, List<TraceQuestion>? trace)
    {
        var rows = new List<EvalRow>();
        var step = new StepProgress(part => progress.Report((rows.Count + part) / plan.Steps));
        if (plan.Program is { } program)
        {
            var evaluation = await SearchEvaluator.RunAsync(engine, rewards!, questions, plan.SearchSettings(seed), step).ConfigureAwait(false);
            if (evaluation.Trace is { } recorded && trace is not null)
            {
                // Says what the samples are (MCTS iterations, in search order) and where they ran.
                var dataset = $"{program} iterations, " + (plan.Engine == "simulated" ? $"simulated seed {seed.ToString(CultureInfo.InvariantCulture)}" : plan.Engine);
                // Ids stay unique in a file that holds several seeds' questions.
                trace.AddRange(recorded.Select(q => q with { Id = plan.Seeds > 1 ? $"{seed.ToString(CultureInfo.InvariantCulture)}/{q.Id}" : q.Id, Dataset = dataset }));
            }
            return evaluation.Rows.Select(EvalLine.Of).ToList();
        }
        if (plan.RunCot)
        {
            rows.Add(await CotEvaluator.RunAsync(engine, questions, null, "-", plan.MaxTokens, seed, plan.Concurrency, step).ConfigureAwait(false));
            foreach (var effort in plan.Efforts)
            {
                var options = CotOptions.FromEffort(effort);
                options = plan.ProbeTail is { } tail ? options with { ProbeTailTokens = tail } : options;
                rows.Add(await CotEvaluator.RunAsync(engine, questions, options, CotEvaluator.Label(effort, options), plan.MaxTokens, seed, plan.Concurrency, step).ConfigureAwait(false));
            }
        }
        if (plan.RunSc)
            rows.AddRange(await ScEvaluator.RunAsync(engine, questions, plan.PolicySpecs, new ScOptions(plan.Cap), plan.MaxTokens, seed, plan.Concurrency, step).ConfigureAwait(false));
        return EvalLine.Of(rows);
    }

    private sealed class StepProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
