namespace Dynasor.Certainty;

/// <summary>
/// Reward certaindex (PAPER.md): the reward model's normalised score in [0, 1]; the mean over paths (as MCTS uses)
/// or the maximum (as Rebase uses). Empty input gives 0: no evidence.
/// </summary>
public static class RewardCertaindex
{
    public static double Mean(ReadOnlySpan<double> rewards)
    {
        if (rewards.IsEmpty)
            return 0;
        var sum = 0.0;
        foreach (var r in rewards)
            sum += r;
        return sum / rewards.Length;
    }

    public static double Max(ReadOnlySpan<double> rewards)
    {
        if (rewards.IsEmpty)
            return 0;
        var max = double.NegativeInfinity;
        foreach (var r in rewards)
            max = Math.Max(max, r);
        return max;
    }
}
