namespace Dynasor.Calibration;

/// <summary>What calibration scores a policy against (<c>calibrate --labels</c>).</summary>
public enum LabelSource
{
    /// <summary>Gold when the trace has any (a target or a sample's <c>correct</c>), else SC@cap's vote.</summary>
    Auto,

    /// <summary>The trace's gold answers: accuracy.</summary>
    Gold,

    /// <summary>
    /// SC@cap's own vote: each question's majority answer over all its recorded samples stands in as the label, so the
    /// figures are agreement with SC@cap, not accuracy. For recorded traffic, which has no gold answers.
    /// </summary>
    ScVote,
}
