using Dynasor.Certainty;

namespace Dynasor.Programs;

/// <summary>
/// What a self-consistency program knows so far: the knob (samples) spent against its cap, tokens spent, the
/// votes and rewards. Allocation policies read it to decide how much more compute to grant. Owned by one program;
/// not thread-safe.
/// </summary>
public sealed class ProgramProgress
{
    private double[] _rewards = [];
    private int _rewardCount;

    public ProgramProgress(int cap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        Cap = cap;
    }

    /// <summary>The most samples this program may draw.</summary>
    public int Cap { get; }

    /// <summary>Samples drawn so far (abstentions included).</summary>
    public int Samples { get; private set; }

    /// <summary>Output tokens of all samples drawn so far.</summary>
    public long Tokens { get; private set; }

    /// <summary>Samples the program may still draw.</summary>
    public int Remaining => Cap - Samples;

    /// <summary>The votes: answer groups, leader, entropy certaindex.</summary>
    public VoteTally Votes { get; } = new();

    /// <summary>Rewards of the samples that had one, in arrival order.</summary>
    public ReadOnlySpan<double> Rewards => _rewards.AsSpan(0, _rewardCount);

    /// <summary>Mean output tokens per sample so far (0 before the first sample).</summary>
    public double MeanTokensPerSample => Samples == 0 ? 0 : (double)Tokens / Samples;

    internal void Record(string key, int tokens, double? reward)
    {
        Samples++;
        Tokens += tokens;
        Votes.Add(key);
        if (reward is { } r)
        {
            if (_rewardCount == _rewards.Length)
                Array.Resize(ref _rewards, Math.Max(4, _rewards.Length * 2));
            _rewards[_rewardCount++] = r;
        }
    }
}
