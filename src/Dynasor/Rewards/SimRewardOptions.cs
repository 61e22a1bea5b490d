using System.Globalization;

namespace Dynasor.Rewards;

/// <summary>
/// Settings of <see cref="SimulatedRewardModel"/>: immutable, validated once by its constructor. A step's reward is
/// sigmoid(mu + <see cref="Noise"/>·z): mu rises from <see cref="Margin"/>/2 to <see cref="Margin"/> along on-track
/// steps and falls from -<see cref="Margin"/>/2 to -<see cref="Margin"/> along off-track ones, is ±<see cref="Margin"/>
/// at a boxed answer (right or wrong) and <see cref="NeutralMean"/> at a step that states no value; z is a standard
/// normal noise correlated along the path (<see cref="Correlation"/>). The model is described in
/// <c>docs/rewards.md</c>.
/// </summary>
public sealed record SimRewardOptions
{
    /// <summary>
    /// Standard deviation of the noise in logit units, in [0, 20]. Default 2.5: with the default margin the AUC of the
    /// final reward, right against wrong finished paths, is Φ(√2·2/2.5) ≈ 0.87 (measured 0.87; docs/rewards.md).
    /// </summary>
    public double Noise { get; init; } = 2.5;

    /// <summary>The outcome signal in logit units, in (0, 20]: mean of a right final step, minus that of a wrong one. Default 2.</summary>
    public double Margin { get; init; } = 2.0;

    /// <summary>Correlation in [0, 1) of the noise from one step to the next: a PRM misjudges a path, not a step at a time. Default 0.5.</summary>
    public double Correlation { get; init; } = 0.5;

    /// <summary>Mean in logit units, in [-20, 20], of a step that states no value (an R1 paragraph). Default 0 (reward median 0.5).</summary>
    public double NeutralMean { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, its value and the fix.</exception>
    public SimRewardOptions Validate()
    {
        if (!(Noise >= 0 && Noise <= 20))
        {
            throw Bad(nameof(Noise), Noise, "must be in [0, 20] logit units (0 = a noiseless PRM)");
        }

        if (!(Margin > 0 && Margin <= 20))
        {
            throw Bad(nameof(Margin), Margin, "must be greater than 0 and at most 20 logit units");
        }

        if (!(Correlation >= 0 && Correlation < 1))
        {
            throw Bad(nameof(Correlation), Correlation, "must be in [0, 1) (0 = independent steps)");
        }

        if (!(NeutralMean >= -20 && NeutralMean <= 20))
        {
            throw Bad(nameof(NeutralMean), NeutralMean, "must be in [-20, 20] logit units");
        }

        return this;
    }

    private static ArgumentException Bad(string name, double value, string fix) =>
        new(string.Create(CultureInfo.InvariantCulture, $"SimRewardOptions.{name} = {value} {fix}."), name);
}
