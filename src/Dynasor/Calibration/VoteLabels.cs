using Dynasor.Answers;
using Dynasor.Certainty;
using Dynasor.Traces;

namespace Dynasor.Calibration;

/// <summary>
/// Labels questions without gold answers (recorded traffic) by SC@cap's own vote: the majority answer over all of a
/// question's samples, in the order they were recorded (a tie goes to the answer that got there first, as the vote
/// itself breaks it), is the label, and a sample is "correct" when its answer has the same key. A policy scored against
/// these labels measures how often it agrees with running every recorded sample, which bounds what it can lose: a
/// question where it agrees with SC@cap is one where their accuracies are equal.
/// </summary>
public static class VoteLabels
{
    /// <summary>The families that stop once the vote is settled, the only ones whose savings this measure can judge.</summary>
    public static IReadOnlyList<string> Families { get; } = ["sc", "static", "stepped", "esc", "ac", "settle"];

    /// <summary>Why a family outside <see cref="Families"/> cannot be calibrated against SC@cap's vote.</summary>
    public static string WhyNot(string family) => family switch
    {
        "terminate" => "it gives up on questions SC@cap would get wrong, and against SC@cap's own vote no question is wrong",
        "curve" or "dcurve" => "its table is fitted to the budget that reaches the right answer, which needs gold answers",
        "length" => "it stops on output length, not on the vote",
        _ => "it spends a batch's budget where accuracy gains most, which needs gold answers",
    };

    /// <summary>True when any question has a target or any sample a reference grading.</summary>
    public static bool HasGold(IEnumerable<TraceQuestion> questions) =>
        questions.Any(q => q.Target is not null || q.Samples.Any(s => s.Correct is not null));

    /// <summary>
    /// The label source to use: <paramref name="requested"/>, with <see cref="LabelSource.Auto"/> resolved to gold when the
    /// trace has any and to SC@cap's vote when it has none.
    /// </summary>
    /// <exception cref="ArgumentException">Gold was asked of a trace that has none; the message names the fix.</exception>
    public static LabelSource Resolve(LabelSource requested, IReadOnlyList<TraceQuestion> questions, string traceName)
    {
        var gold = HasGold(questions);
        return requested switch
        {
            LabelSource.Auto => gold ? LabelSource.Gold : LabelSource.ScVote,
            LabelSource.Gold when !gold => throw new ArgumentException(
                $"trace '{traceName}' has no gold answers (no question has a \"target\", no sample a \"correct\"); calibrate against SC@cap's own vote with --labels sc-vote"),
            _ => requested,
        };
    }

    /// <summary>The question with every sample graded against its majority answer; its target set to that answer (null when no sample answered).</summary>
    public static TraceQuestion Apply(TraceQuestion question)
    {
        var tally = new VoteTally();
        var keys = question.Samples.Select(s => AnswerKey.Of(s.Answer)).ToList();
        foreach (var key in keys)
            tally.Add(key);
        var leader = tally.LeaderKey;
        var samples = question.Samples.Select((s, i) => s with { Correct = leader is not null && keys[i] == leader }).ToList();
        var target = leader is null ? null : question.Samples[keys.IndexOf(leader)].Answer;
        return question with { Target = target, Samples = samples };
    }
}
