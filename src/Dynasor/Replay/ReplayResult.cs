namespace Dynasor.Replay;

/// <summary>What one policy did on one trace, averaged over the shuffled orders.</summary>
/// <param name="Trace">Trace file name.</param>
/// <param name="Policy">Canonical policy spec.</param>
/// <param name="Questions">Questions replayed.</param>
/// <param name="Repeats">Shuffled orders averaged over.</param>
/// <param name="Accuracy">Accuracy of the program's answer (the majority vote under <c>sc</c>), a fraction, mean over orders.</param>
/// <param name="AccuracyStd">Standard deviation of accuracy across orders.</param>
/// <param name="SamplesPerQuestion">Mean samples drawn per question.</param>
/// <param name="TokensPerQuestion">Mean output tokens per question, every drawn sample counted.</param>
/// <param name="TokensStd">Standard deviation across orders of the tokens per question.</param>
/// <param name="TokenSavingVsCap">1 - tokens / tokens of SC@cap on the same orders.</param>
public sealed record ReplayResult(
    string Trace,
    string Policy,
    int Questions,
    int Repeats,
    double Accuracy,
    double AccuracyStd,
    double SamplesPerQuestion,
    double TokensPerQuestion,
    double TokensStd,
    double TokenSavingVsCap)
{
    /// <summary>The program the questions ran as (<see cref="ReplayProgram.Name"/>): <c>sc</c>, <c>wsc</c> or <c>bon</c>.</summary>
    public string Program { get; init; } = ReplayProgram.Sc.Name;

    /// <summary>Per question, in trace order: the fraction of orders in which its majority answer was correct.
    /// Calibration pairs these with SC@cap's to bound how much accuracy a candidate really loses.</summary>
    public IReadOnlyList<double> QuestionAccuracy { get; init; } = [];

    /// <summary>Per question, the question ids, in the order of <see cref="QuestionAccuracy"/>.</summary>
    public IReadOnlyList<string> QuestionIds { get; init; } = [];

    /// <summary>Per question, mean samples drawn over the orders: where a policy spends, not just how much.</summary>
    public IReadOnlyList<double> QuestionSamples { get; init; } = [];

    /// <summary>Per question, mean output tokens drawn over the orders.</summary>
    public IReadOnlyList<double> QuestionTokens { get; init; } = [];

    /// <summary>Each order's totals, so results of disjoint parts of a trace can be pooled (<see cref="Replayer.Pool"/>).</summary>
    internal IReadOnlyList<RepeatTotals> PerRepeat { get; init; } = [];
}
