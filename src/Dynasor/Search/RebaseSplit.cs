namespace Dynasor.Search;

/// <summary>
/// REBASE's balanced expansion (Wu et al. 2024, arXiv 2408.00724): a depth's remaining width B is split over its
/// unfinished nodes in proportion to softmax(reward / T), W_j ≈ B·exp(R_j/T) / Σ_k exp(R_k/T). The rounding makes the
/// counts sum to B exactly the way the authors' code does (thu-wyz/inference_scaling, <c>rebase.py</c>,
/// <c>select_softmax</c>): nodes in descending reward order each take ceil(width left × their share of the weight left),
/// so the best nodes round up and the weakest may get no child.
/// </summary>
internal static class RebaseSplit
{
    /// <summary>Children per node, in the order of <paramref name="rewards"/>; non-negative and summing to <paramref name="width"/>.</summary>
    /// <param name="rewards">The nodes' rewards (in [0, 1]); at least one.</param>
    /// <param name="width">The width to split, at least 0.</param>
    /// <param name="temperature">The softmax temperature, positive.</param>
    public static int[] Split(IReadOnlyList<double> rewards, int width, double temperature)
    {
        var order = Enumerable.Range(0, rewards.Count).OrderByDescending(i => rewards[i]).ThenBy(i => i).ToArray();
        // Shifted by the best reward so exp never overflows, whatever the temperature; the shares are unchanged.
        var best = rewards[order[0]];
        var weights = order.Select(i => Math.Exp((rewards[i] - best) / temperature)).ToArray();
        var weightLeft = weights.Sum();
        var widthLeft = width;
        var counts = new int[rewards.Count];
        for (var k = 0; k < order.Length && widthLeft > 0; k++)
        {
            // A share computed as 2.0000000001 must not round up to 3: allow for floating-point error before the ceiling.
            var share = widthLeft * weights[k] / weightLeft;
            var count = k == order.Length - 1 ? widthLeft : Math.Min(widthLeft, (int)Math.Ceiling(share - 1e-9));
            counts[order[k]] = count;
            widthLeft -= count;
            weightLeft -= weights[k];
        }
        return counts;
    }
}
