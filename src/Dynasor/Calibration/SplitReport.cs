using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>The chosen policy and the SC@cap baseline on one split of the questions.</summary>
public sealed record SplitReport(ReplayResult Policy, ReplayResult Baseline);
