using Dynasor.Certainty;
using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Replay;

/// <summary>
/// The multi-path program every question of a replay runs as: self-consistency (<c>sc</c>, the majority answer, entropy
/// certaindex), reward-weighted self-consistency (<c>wsc</c>, the answer whose samples' rewards sum highest, certaindex
/// its share of the total reward) or best-of-N (<c>bon</c>, the best-rewarded sample's answer, certaindex the best
/// reward). All three draw samples the same way, so every allocation policy runs under each; the reward programs need
/// a reward on every sample of the trace (<see cref="RequireRewards(PreparedTrace, string)"/>).
/// </summary>
public sealed record ReplayProgram
{
    private ReplayProgram(string name, AnswerRule rule, CertaindexMeasure measure, string summary, bool keepsOrder = false)
    {
        Name = name;
        Rule = rule;
        Measure = measure;
        Summary = summary;
        KeepsOrder = keepsOrder;
    }

    /// <summary>Self-consistency: majority vote, answer-entropy certaindex.</summary>
    public static ReplayProgram Sc { get; } = new("sc", AnswerRule.Majority, CertaindexMeasure.Entropy, "self-consistency: majority answer, entropy certaindex");

    /// <summary>Reward-weighted self-consistency: reward-weighted vote, the answer's reward share as certaindex.</summary>
    public static ReplayProgram Wsc { get; } = new("wsc", AnswerRule.RewardWeighted, CertaindexMeasure.RewardShare, "reward-weighted self-consistency: the answer whose rewards sum highest, certaindex its reward share");

    /// <summary>Best-of-N: the best-rewarded sample's answer, the best reward as certaindex.</summary>
    public static ReplayProgram Bon { get; } = new("bon", AnswerRule.BestReward, CertaindexMeasure.MaxReward, "best-of-N: the best-rewarded sample's answer, certaindex the max reward");

    /// <summary>
    /// MCTS as recorded by <c>dynasor eval --mode mcts --write-trace</c>: each question's samples are one search's
    /// iterations in search order, so they are replayed in that order, never shuffled (an iteration's path depends on
    /// the tree the earlier ones built; a policy only decides where the search stops). The answer is the best-rewarded
    /// path's, the certaindex the mean reward over paths (PAPER.md).
    /// </summary>
    public static ReplayProgram Mcts { get; } = new("mcts", AnswerRule.BestReward, CertaindexMeasure.MeanReward,
        "MCTS iterations as recorded (eval --mode mcts --write-trace), in search order: the best-rewarded path's answer, mean-reward certaindex", keepsOrder: true);

    /// <summary>Every program, <see cref="Sc"/> first.</summary>
    public static IReadOnlyList<ReplayProgram> All { get; } = [Sc, Wsc, Bon, Mcts];

    /// <summary>The name a command line and a result row use: <c>sc</c>, <c>wsc</c> or <c>bon</c>.</summary>
    public string Name { get; }

    /// <summary>How the program picks its answer.</summary>
    public AnswerRule Rule { get; }

    /// <summary>The program's own certaindex: what <c>terminate</c>, <c>curve</c> and <c>dcurve</c> read.</summary>
    public CertaindexMeasure Measure { get; }

    /// <summary>
    /// Whether samples are replayed in their recorded order (every repeat the same) rather than shuffled: a search's
    /// iterations, not independent samples.
    /// </summary>
    public bool KeepsOrder { get; }

    /// <summary>One line for help texts.</summary>
    public string Summary { get; }

    /// <summary>Whether the program reads rewards (to answer or as its certaindex).</summary>
    public bool NeedsRewards => Rule != AnswerRule.Majority || Measure != CertaindexMeasure.Entropy;

    /// <summary>
    /// The certaindex measures the threshold families (<c>static</c>, <c>stepped</c>) search by default, each alone:
    /// entropy for <c>sc</c>; entropy, max reward and reward share for the reward programs.
    /// </summary>
    public IReadOnlyList<CertaindexMeasure> Gates => Measure == CertaindexMeasure.MeanReward
        ? [CertaindexMeasure.Entropy, CertaindexMeasure.MeanReward]
        : NeedsRewards
            ? [CertaindexMeasure.Entropy, CertaindexMeasure.MaxReward, CertaindexMeasure.RewardShare]
            : [CertaindexMeasure.Entropy];

    /// <summary>A fresh program for one question.</summary>
    public SelfConsistencyProgram Create(string questionId, int cap) => new(questionId, cap, Rule, Measure);

    /// <summary>The program called <paramref name="name"/> (case-insensitive); throws <see cref="ArgumentException"/> naming the choices.</summary>
    public static ReplayProgram Parse(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"program '{name}' is unknown; use sc (self-consistency), wsc (reward-weighted self-consistency), bon (best-of-N) or mcts (recorded MCTS iterations)");

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="trace"/> has a sample without a reward, naming the
    /// trace, the first such sample and the fix; <paramref name="user"/> says what needs the rewards.
    /// </summary>
    public static void RequireRewards(PreparedTrace trace, string user)
    {
        if (trace.FirstUnrewarded is not { } missing)
            return;
        throw new ArgumentException(
            $"trace '{trace.Name}' has samples without \"reward\" (the first: sample {missing.Sample + 1} of question '{missing.QuestionId}', {missing.Count} in all), " +
            $"and {user} reads rewards; give every sample a reward model's score (\"reward\": 0..1) or replay with --program sc and entropy thresholds");
    }

    /// <summary>Checks that a trace has what this program and a policy read: rewards on every sample when either needs them.</summary>
    public void RequireRewards(PreparedTrace trace, PolicySpec spec)
    {
        if (NeedsRewards)
            RequireRewards(trace);
        else if (PolicyCatalog.ReadsRewards(spec))
            RequireRewards(trace, $"policy '{spec}'");
    }

    /// <summary>
    /// Checks that a trace has the rewards this program reads: every sample, except for recorded MCTS, where an iteration
    /// whose path had no step carries no reward (the live program records none for it either), but some sample must.
    /// </summary>
    public void RequireRewards(PreparedTrace trace)
    {
        if (!NeedsRewards)
            return;
        if (!KeepsOrder)
        {
            RequireRewards(trace, $"--program {Name}");
            return;
        }
        if (!trace.Questions.Any(q => q.Samples.Any(s => s.Reward is not null)))
        {
            throw new ArgumentException(
                $"trace '{trace.Name}' has no \"reward\" on any sample, and --program {Name} reads rewards; give it the trace 'dynasor eval --mode mcts --write-trace' wrote");
        }
    }

    public override string ToString() => Name;
}
