namespace Dynasor.Programs;

/// <summary>What one question cost and whether it came out right, under one mode and setting.</summary>
internal readonly record struct EvalOutcome(bool Correct, long UpstreamTokens, long CompletionTokens, bool ExitedEarly = false, int Samples = 0)
{
    /// <summary>Averages outcomes into a row.</summary>
    public static EvalRow Row(string mode, string setting, IReadOnlyList<EvalOutcome> outcomes, bool cot, bool sc)
    {
        var n = Math.Max(1, outcomes.Count);
        return new EvalRow(mode, setting, outcomes.Count,
            outcomes.Count(o => o.Correct) / (double)n,
            outcomes.Sum(o => o.UpstreamTokens) / (double)n,
            outcomes.Sum(o => o.CompletionTokens) / (double)n,
            cot ? outcomes.Count(o => o.ExitedEarly) / (double)n : null,
            sc ? outcomes.Sum(o => o.Samples) / (double)n : null);
    }
}
