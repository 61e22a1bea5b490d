using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>A comparison policy (an anchor such as Adaptive-Consistency) evaluated on both splits, untouched by calibration.</summary>
public sealed record ComparedPolicy(ReplayResult Calibration, ReplayResult Holdout);
