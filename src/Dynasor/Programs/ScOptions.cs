namespace Dynasor.Programs;

/// <summary>Settings of an adaptive self-consistency run (<c>mode: sc</c>).</summary>
/// <param name="MaxSamples">The cap: most samples the program may draw, 1..1000. Default 40 (the paper's baseline cap).</param>
/// <param name="MinWave">Fewest samples drawn concurrently per wave, 1..1000. Default 1: each wave is exactly the policy's
/// grant, as in replay and calibration, so a calibrated policy spends what it was calibrated to. Larger values trade
/// tokens for latency with sequential policies (<c>ac</c> grants one sample at a time; <c>settle</c> grants the fewest that
/// could settle the vote, often 1 after its first wave).</param>
public sealed record ScOptions(int MaxSamples = 40, int MinWave = 1)
{
    /// <summary>The largest cap a program may have: the one bound every edge (server, CLI) checks against.</summary>
    public const int MaxSamplesLimit = 1000;

    /// <summary>Returns this when every setting is in range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, its value and the fix.</exception>
    public ScOptions Validate()
    {
        if (MaxSamples is < 1 or > MaxSamplesLimit)
            throw new ArgumentException($"max_samples {MaxSamples} is out of range; use 1..{MaxSamplesLimit} (for example 40)");
        if (MinWave is < 1 or > 1000)
            throw new ArgumentException($"min_wave {MinWave} is out of range; use 1..1000 (for example 1)");
        return this;
    }
}
