namespace Dynasor.Scheduling;

/// <summary>What a scheduling policy may know besides the program itself.</summary>
/// <param name="Now">Seconds since the scheduler started, on its <see cref="TimeProvider"/>.</param>
/// <param name="MeanTokensPerSample">
/// Mean output tokens per finished request across all programs so far (the configured prior before the first one):
/// the length estimate for a program that has no finished sample yet.
/// </param>
/// <param name="Remaining">The scheduler's learned predictor of a program's remaining samples.</param>
public readonly record struct SchedulingContext(double Now, double MeanTokensPerSample, RemainingWorkModel Remaining);
