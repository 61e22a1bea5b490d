namespace Dynasor.Certainty;

/// <summary>
/// Rewards of a multi-path program's answering paths, by answer: the sum per answer (for the reward-weighted vote)
/// and the single best path (for best-of-N). A path without a reward weighs 0. Not thread-safe: one program owns it.
/// </summary>
public sealed class RewardVotes
{
    private readonly List<string> _keys = [];
    private readonly List<double> _sums = [];
    private int _weighted = -1;
    private string? _bestKey;
    private double _best = double.NegativeInfinity;

    /// <summary>Sum of the rewards of every answering path.</summary>
    public double Total { get; private set; }

    /// <summary>The answer whose paths' rewards sum highest; on a tie, the one that got there first. Null before the first answer.</summary>
    public string? WeightedLeaderKey => _weighted < 0 ? null : _keys[_weighted];

    /// <summary>The weighted leader's share of <see cref="Total"/>, in [0, 1]; 0 when no path has a reward.</summary>
    public double WeightedShare => Total > 0 && _weighted >= 0 ? _sums[_weighted] / Total : 0;

    /// <summary>The answer of the path with the highest reward (the first such path on a tie). Null before the first answer.</summary>
    public string? BestKey => _bestKey;

    /// <summary>The highest reward of an answering path (negative infinity before the first).</summary>
    public double BestReward => _best;

    /// <summary>Sum of the rewards of the paths that gave <paramref name="key"/> (0 when unseen).</summary>
    public double SumOf(string key)
    {
        var g = _keys.IndexOf(key);
        return g < 0 ? 0 : _sums[g];
    }

    /// <summary>Adds one answering path. Abstentions (empty keys) are not added.</summary>
    public void Add(string key, double? reward)
    {
        if (key.Length == 0)
            return;
        var r = reward ?? 0;
        var g = _keys.IndexOf(key);
        if (g < 0)
        {
            g = _keys.Count;
            _keys.Add(key);
            _sums.Add(0);
        }
        _sums[g] += r;
        Total += r;
        // Strictly more to take the lead: a tie keeps the answer that got there first.
        if (_weighted < 0 || _sums[g] > _sums[_weighted])
            _weighted = g;
        if (_bestKey is null || r > _best)
            (_best, _bestKey) = (r, key);
    }
}
