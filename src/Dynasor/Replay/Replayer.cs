using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Replay;

/// <summary>
/// Offline evaluation of an allocation policy: every question of a trace runs as a multi-path program (self-consistency
/// unless <see cref="ReplayOptions.Program"/> says otherwise) over a <see cref="TraceEngine"/>, in each of several seeded
/// sample orders. Orders are run in parallel; results do not
/// depend on the degree of parallelism.
/// </summary>
public static class Replayer
{
    /// <summary>Replays one policy spec (already parsed by <see cref="PolicyCatalog.Parse"/>).</summary>
    /// <exception cref="ArgumentException">The program or the policy reads rewards and a sample of the trace has none.</exception>
    public static ReplayResult Run(PreparedTrace trace, PolicySpec spec, ReplayOptions options)
    {
        options.Validate();
        options.Program.RequireRewards(trace, spec);
        var shape = trace.Shape(options.Cap);
        var family = PolicyCatalog.Family(spec.Name);
        var policy = family.IsBatch ? null : PolicyCatalog.Create(spec);
        var batch = family.IsBatch ? PolicyCatalog.BatchSettings(spec, shape) : default;

        var perRepeat = new RepeatTotals[options.Repeats];
        Parallel.For(0, options.Repeats, r =>
        {
            var engine = new TraceEngine(trace.ById, OrderSeed(options.Seed, r), options.Resample, options.Program.KeepsOrder);
            var programs = trace.Questions.Select(q => options.Program.Create(q.Id, Math.Min(shape.Cap, q.Samples.Length))).ToList();
            if (policy is not null)
            {
                foreach (var program in programs)
                    Synchronously.Wait(program.RunAsync(engine, policy));
            }
            else
            {
                var allocator = new BatchAllocator(batch.Initial);
                Synchronously.Wait(allocator.RunAsync(programs, engine, (long)Math.Ceiling(batch.BudgetPerQuestion * programs.Count)));
            }
            perRepeat[r] = Totals(trace, programs, engine, shape.Cap, options.Resample);
        });

        // Labelled with what ran on this trace (sc:n at most its samples, the batch budget in tokens), not the defaults.
        return Summarise(trace.Name, PolicyCatalog.Resolve(spec, shape).ToString(), options.Program.Name, trace.Questions.Select(q => q.Id).ToArray(), perRepeat);
    }

    /// <summary>
    /// Pools results of disjoint parts of one trace (the folds of a cross-validation) into one result over all their
    /// questions, as if replayed together: repeat r of every part used the same orders, so their totals add. Per-question
    /// accuracies are concatenated in part order, so two results pooled over the same parts stay paired.
    /// </summary>
    /// <param name="policy">What to call the pooled policy (the parts may have run different specs; they ran one program).</param>
    public static ReplayResult Pool(string trace, string policy, IReadOnlyList<ReplayResult> parts)
    {
        if (parts.Count == 0)
            throw new ArgumentException("pooling needs at least one result", nameof(parts));
        var repeats = parts[0].PerRepeat.Count;
        if (repeats == 0 || parts.Any(p => p.PerRepeat.Count != repeats))
            throw new ArgumentException("pooled results must come from Replayer.Run with the same number of repeats", nameof(parts));
        var perRepeat = Enumerable.Range(0, repeats).Select(r => new RepeatTotals(
            parts.SelectMany(p => p.PerRepeat[r].QuestionCapTokens).ToArray(),
            parts.SelectMany(p => p.PerRepeat[r].Correctness).ToArray(),
            parts.SelectMany(p => p.PerRepeat[r].QuestionSamples).ToArray(),
            parts.SelectMany(p => p.PerRepeat[r].QuestionTokens).ToArray())).ToArray();
        if (parts.Any(p => p.Program != parts[0].Program))
            throw new ArgumentException("pooled results must come from one program", nameof(parts));
        return Summarise(trace, policy, parts[0].Program, parts.SelectMany(p => p.QuestionIds).ToArray(), perRepeat);
    }

    /// <summary>
    /// The result of a per-question policy on some of a trace's questions, cut from its result on the whole trace: a
    /// per-question policy does the same on a question whatever else is replayed (each question's orders are seeded by
    /// the repeat alone), so this equals replaying the subset. Not for the batch allocator, which decides across questions.
    /// </summary>
    /// <param name="indices">Positions in <paramref name="whole"/>'s questions, in the order the subset lists them.</param>
    internal static ReplayResult Slice(ReplayResult whole, IReadOnlyList<int> indices, string trace)
    {
        if (whole.PerRepeat.Count == 0)
            throw new ArgumentException("slicing needs a result from Replayer.Run", nameof(whole));
        return Summarise(trace, whole.Policy, whole.Program, indices.Select(i => whole.QuestionIds[i]).ToArray(), whole.PerRepeat.Select(t => t.Slice(indices)).ToArray());
    }

    /// <summary>The seed of repeat <paramref name="repeat"/>'s sample orders.</summary>
    public static ulong OrderSeed(int seed, int repeat) => SeededOrder.Mix((ulong)(uint)seed, (ulong)repeat);

    private static RepeatTotals Totals(PreparedTrace trace, List<SelfConsistencyProgram> programs, TraceEngine engine, int cap, bool resample)
    {
        var capTokens = new long[programs.Count];
        var correctness = new bool[programs.Count];
        var questionSamples = new int[programs.Count];
        var questionTokens = new long[programs.Count];
        for (var i = 0; i < programs.Count; i++)
        {
            var question = trace.Questions[i];
            var progress = programs[i].Progress;
            correctness[i] = question.IsCorrect(progress.AnswerKey);
            questionSamples[i] = progress.Samples;
            questionTokens[i] = progress.Tokens;
            // SC@cap on the same order: the first `cap` samples this question would be served.
            var n = Math.Min(cap, question.Samples.Length);
            if (n == question.Samples.Length && !resample)
            {
                capTokens[i] = question.TotalTokens;
            }
            else
            {
                for (var k = 0; k < n; k++)
                    capTokens[i] += Synchronously.Wait(engine.GenerateAsync(new GenerationRequest(question.Id, k))).Tokens;
            }
        }
        return new RepeatTotals(capTokens, correctness, questionSamples, questionTokens);
    }

    private static ReplayResult Summarise(string trace, string policy, string program, string[] questionIds, RepeatTotals[] perRepeat)
    {
        var repeats = perRepeat.Length;
        var count = perRepeat[0].Correctness.Length;
        double questions = count;
        var accuracy = perRepeat.Select(t => t.Correct / questions).ToArray();
        var tokens = perRepeat.Select(t => t.Tokens / questions).ToArray();
        var capTokens = perRepeat.Sum(t => (double)t.CapTokens);
        return new ReplayResult(
            trace,
            policy,
            count,
            repeats,
            accuracy.Average(),
            Std(accuracy),
            perRepeat.Sum(t => (double)t.Samples) / (questions * repeats),
            tokens.Average(),
            Std(tokens),
            capTokens == 0 ? 0 : 1 - perRepeat.Sum(t => (double)t.Tokens) / capTokens)
        {
            Program = program,
            QuestionIds = questionIds,
            QuestionAccuracy = Enumerable.Range(0, count).Select(q => perRepeat.Count(t => t.Correctness[q]) / (double)repeats).ToArray(),
            QuestionSamples = Enumerable.Range(0, count).Select(q => perRepeat.Sum(t => (double)t.QuestionSamples[q]) / repeats).ToArray(),
            QuestionTokens = Enumerable.Range(0, count).Select(q => perRepeat.Sum(t => (double)t.QuestionTokens[q]) / repeats).ToArray(),
            PerRepeat = perRepeat,
        };
    }

    private static double Std(double[] values)
    {
        if (values.Length < 2)
            return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
