using System.Globalization;

namespace Dynasor.Synthesis;

/// <summary>
/// One synthetic question's latent model: difficulty, zone, per-sample accuracy, gold answer and Zipf-weighted
/// distractors (formulas in the <see cref="SynthOptions"/> remarks). <see cref="SyntheticTrace"/> draws its
/// questions with it, and the simulated engine draws one per prompt, so both vote alike. Immutable; thread safe.
/// </summary>
public sealed class SyntheticQuestion
{
    private readonly string[] _distractors;
    private readonly double[] _cumulative;

    private SyntheticQuestion(double difficulty, QuestionZone zone, double accuracy, string gold, string[] distractors, double[] cumulative, double logTokenMedian)
    {
        Difficulty = difficulty;
        Zone = zone;
        Accuracy = accuracy;
        Gold = gold;
        _distractors = distractors;
        _cumulative = cumulative;
        LogTokenMedian = logTokenMedian;
    }

    /// <summary>Latent difficulty in [0, 1).</summary>
    public double Difficulty { get; }

    /// <summary>The zone the difficulty falls in.</summary>
    public QuestionZone Zone { get; }

    /// <summary>Probability that one sample gives the gold answer, in [0, 1].</summary>
    public double Accuracy { get; }

    /// <summary>The gold answer: a non-negative integer string.</summary>
    public string Gold { get; }

    /// <summary>Distinct wrong answers (never the gold), most likely first.</summary>
    public IReadOnlyList<string> Distractors => _distractors;

    /// <summary>Natural log of the median token count of a right sample under the options' token model.</summary>
    public double LogTokenMedian { get; }

    /// <summary>
    /// Draws a question from <paramref name="rng"/> under validated <paramref name="options"/>. Consumes the
    /// generator in a fixed order, so the same generator state gives the same question.
    /// </summary>
    public static SyntheticQuestion Draw(Random rng, SynthOptions options)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(options);
        var difficulty = rng.NextDouble();
        var (zone, accuracy, skewBound) = ZoneOf(options, difficulty);

        // GSM8K-like gold answers: small positive integers.
        var gold = rng.Next(2, 1000);
        var distractorCount = rng.Next(1, options.MaxDistractors + 1);
        var distractors = DrawDistractors(rng, gold, distractorCount);
        var skew = rng.NextDouble() * skewBound;
        var cumulative = ZipfCumulative(distractorCount, skew);
        var logMedian = Math.Log(options.TokenMedian) + options.TokenDifficultyGrowth * difficulty + options.QuestionTokenSpread * Gaussian(rng);
        return new SyntheticQuestion(difficulty, zone, accuracy, gold.ToString(CultureInfo.InvariantCulture), distractors, cumulative, logMedian);
    }

    /// <summary>Draws one sample's answer: the gold with probability <see cref="Accuracy"/>, else a distractor by its Zipf weight.</summary>
    public (string Answer, bool Correct) DrawAnswer(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (rng.NextDouble() < Accuracy)
        {
            return (Gold, true);
        }

        return (DrawDistractor(rng), false);
    }

    /// <summary>Draws a distractor by its Zipf weight.</summary>
    public string DrawDistractor(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var uniform = rng.NextDouble();
        for (var k = 0; k < _cumulative.Length - 1; k++)
        {
            if (uniform < _cumulative[k])
            {
                return _distractors[k];
            }
        }

        return _distractors[^1];
    }

    /// <summary>A standard normal deviate (Box-Muller); consumes two draws.</summary>
    public static double Gaussian(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);

        // 1 - NextDouble() is in (0, 1] so the logarithm is finite.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // Maps the latent difficulty to its zone, the per-sample accuracy and the zone's distractor skew bound.
    private static (QuestionZone Zone, double Accuracy, double SkewBound) ZoneOf(SynthOptions o, double d)
    {
        if (d < o.EasyFraction)
        {
            var u = d / o.EasyFraction;
            return (QuestionZone.Easy, 1.0 - (1.0 - o.EasyMinAccuracy) * Math.Pow(u, o.EasyErrorExponent), o.DistractorSkew);
        }

        if (d < o.EasyFraction + o.ScalingFraction)
        {
            var u = (d - o.EasyFraction) / o.ScalingFraction;
            return (QuestionZone.Scaling, o.ScalingMaxAccuracy - (o.ScalingMaxAccuracy - o.ScalingMinAccuracy) * u, o.DistractorSkew);
        }

        // Validate() lets the shares sum to 1 within 1e-6, so clamp v rather than trust the remainder exactly.
        var width = 1.0 - o.EasyFraction - o.ScalingFraction;
        var v = width > 0.0 ? Math.Clamp((d - o.EasyFraction - o.ScalingFraction) / width, 0.0, 1.0) : 1.0;
        return (QuestionZone.Impossible, o.ImpossibleMaxAccuracy * Math.Pow(1.0 - v, o.ImpossibleAccuracyExponent), o.ImpossibleDistractorSkew);
    }

    // Wrong answers near the gold one, as arithmetic slips are: distinct, non-negative, never the gold.
    private static string[] DrawDistractors(Random rng, int gold, int count)
    {
        // The span leaves at least span + 1 candidates above the gold, more than count, so the loop ends.
        var span = Math.Max(gold, 10 + count);
        var chosen = new HashSet<int>();
        var result = new string[count];
        var filled = 0;
        while (filled < count)
        {
            var candidate = gold + rng.Next(-span, span + 1);
            if (candidate < 0 || candidate == gold || !chosen.Add(candidate))
            {
                continue;
            }

            result[filled++] = candidate.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static double[] ZipfCumulative(int count, double exponent)
    {
        var cumulative = new double[count];
        var total = 0.0;
        for (var k = 0; k < count; k++)
        {
            total += Math.Pow(k + 1, -exponent);
            cumulative[k] = total;
        }

        for (var k = 0; k < count; k++)
        {
            cumulative[k] /= total;
        }

        return cumulative;
    }
}
