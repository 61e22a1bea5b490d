using Dynasor.Certainty;

namespace Dynasor.Programs;

/// <summary>
/// What a multi-path program knows so far: the knob spent against its cap (self-consistency and best-of-N: samples;
/// Rebase: finished solutions, its width; MCTS: iterations, one path each), tokens spent, the answers' votes and the
/// paths' rewards. Allocation policies read it to decide how much more compute to grant; schedulers read it to predict
/// the remaining work. Owned by one program; not thread-safe.
/// </summary>
public sealed class ProgramProgress
{
    private double[] _rewards = [];
    private int _rewardCount;

    /// <param name="cap">The most knob units (samples, solutions, iterations) the program may spend, at least 1.</param>
    /// <param name="rule">How the program picks its answer.</param>
    /// <param name="measure">The certaindex the program reports and schedulers read.</param>
    public ProgramProgress(int cap, AnswerRule rule = AnswerRule.Majority, CertaindexMeasure measure = CertaindexMeasure.Entropy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        Cap = cap;
        Rule = rule;
        Measure = measure;
    }

    /// <summary>The most samples (knob units) this program may spend.</summary>
    public int Cap { get; }

    /// <summary>How the program picks its answer.</summary>
    public AnswerRule Rule { get; }

    /// <summary>The certaindex the program reports (<see cref="Certaindex"/>).</summary>
    public CertaindexMeasure Measure { get; }

    /// <summary>Samples (knob units: paths) finished so far, abstentions included.</summary>
    public int Samples { get; private set; }

    /// <summary>Output tokens of all requests so far.</summary>
    public long Tokens { get; private set; }

    /// <summary>Samples the program may still draw.</summary>
    public int Remaining => Cap - Samples;

    /// <summary>The votes: answer groups, leader, entropy certaindex.</summary>
    public VoteTally Votes { get; } = new();

    /// <summary>The answering paths' rewards by answer.</summary>
    public RewardVotes RewardVotes { get; } = new();

    /// <summary>Rewards of the samples that had one, in arrival order.</summary>
    public ReadOnlySpan<double> Rewards => _rewards.AsSpan(0, _rewardCount);

    /// <summary>Mean output tokens per sample so far (0 before the first sample).</summary>
    public double MeanTokensPerSample => Samples == 0 ? 0 : (double)Tokens / Samples;

    /// <summary>The program's answer as of now under its <see cref="Rule"/>; null before the first answer.</summary>
    public string? AnswerKey => Rule switch
    {
        AnswerRule.RewardWeighted => RewardVotes.WeightedLeaderKey,
        AnswerRule.BestReward => RewardVotes.BestKey,
        _ => Votes.LeaderKey,
    };

    /// <summary>The program's own certaindex (<see cref="Measure"/>), in [0, 1].</summary>
    public double Certaindex => CertaindexOf(Measure);

    /// <summary>One certaindex measure of the progress so far, in [0, 1]; a reward measure with no rewards yet is 0.</summary>
    public double CertaindexOf(CertaindexMeasure measure) => measure switch
    {
        CertaindexMeasure.MeanReward => RewardCertaindex.Mean(Rewards),
        CertaindexMeasure.MaxReward => RewardCertaindex.Max(Rewards),
        CertaindexMeasure.RewardShare => RewardVotes.WeightedShare,
        _ => Votes.Certaindex,
    };

    /// <summary>Adds one finished path (a sample, a solution, an iteration's path).</summary>
    /// <param name="key">The answer's equivalence key; empty for a path that gave no answer.</param>
    /// <param name="tokens">Output tokens the path cost (for a tree search: the tokens spent since the last record).</param>
    /// <param name="reward">The path's reward in [0, 1], when a reward model scored it.</param>
    internal void Record(string key, int tokens, double? reward)
    {
        Samples++;
        Tokens += tokens;
        Votes.Add(key);
        RewardVotes.Add(key, reward);
        if (reward is { } r)
        {
            if (_rewardCount == _rewards.Length)
                Array.Resize(ref _rewards, Math.Max(4, _rewards.Length * 2));
            _rewards[_rewardCount++] = r;
        }
    }

    /// <summary>Adds output tokens spent on work that finished no path yet (a tree search's inner steps).</summary>
    internal void AddTokens(long tokens) => Tokens += tokens;
}
