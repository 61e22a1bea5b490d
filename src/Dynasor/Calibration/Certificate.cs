using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>
/// What calibration can promise, judged only on questions the choice was not made on (the held-out split, or every fold
/// scored by the choice made without it). The search's choice is served when the upper confidence bound of its held-out
/// loss against SC@cap is within epsilon and it is cheaper than the anchor on the same questions; otherwise the anchor is.
/// </summary>
/// <param name="Proposed">The search's choice: what is served if certified.</param>
/// <param name="ProposedHoldout">The procedure that made the choice, on held-out questions (with folds: every fold pooled).</param>
/// <param name="BaselineHoldout">SC@cap on the same questions and orders.</param>
/// <param name="Anchor">The safe policy, or null when calibration runs without one.</param>
/// <param name="AnchorHoldout">The anchor on the same questions and orders (null without an anchor).</param>
/// <param name="Epsilon">The loss the bound must stay within, a fraction.</param>
/// <param name="Z">Standard errors in the bound (<see cref="CalibrationOptions.Z"/>).</param>
public sealed record Certificate(
    PolicySpec Proposed,
    ReplayResult ProposedHoldout,
    ReplayResult BaselineHoldout,
    PolicySpec? Anchor,
    ReplayResult? AnchorHoldout,
    double Epsilon,
    double Z)
{
    /// <summary>The proposed procedure's held-out loss against SC@cap, with its bound.</summary>
    public LossEstimate ProposedLoss => LossEstimate.Paired(ProposedHoldout, BaselineHoldout, Z);

    /// <summary>The anchor's loss against SC@cap on the same questions (null without an anchor).</summary>
    public LossEstimate? AnchorLoss => AnchorHoldout is null ? null : LossEstimate.Paired(AnchorHoldout, BaselineHoldout, Z);

    /// <summary>Whether the upper bound of the proposed procedure's held-out loss is at most epsilon.</summary>
    public bool WithinEpsilon => ProposedLoss.Upper <= Epsilon;

    /// <summary>Whether the proposed procedure drew fewer tokens per question than the anchor on the held-out questions (true without an anchor).</summary>
    public bool CheaperThanAnchor => AnchorHoldout is null || ProposedHoldout.TokensPerQuestion < AnchorHoldout.TokensPerQuestion;

    /// <summary>Within epsilon and cheaper than the anchor: the proposed policy is served.</summary>
    public bool Certified => WithinEpsilon && CheaperThanAnchor;

    /// <summary>True when the anchor is served because nothing cheaper could be certified.</summary>
    public bool AnchorServed => Anchor is not null && !Certified;

    /// <summary>The policy to serve.</summary>
    public PolicySpec Served => AnchorServed ? Anchor! : Proposed;

    /// <summary>The served policy's held-out figures.</summary>
    public ReplayResult ServedHoldout => AnchorServed ? AnchorHoldout! : ProposedHoldout;

    /// <summary>The served policy's held-out loss with its bound.</summary>
    public LossEstimate ServedLoss => AnchorServed ? AnchorLoss! : ProposedLoss;
}
