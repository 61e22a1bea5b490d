using System.Globalization;
using Dynasor.Traces;

namespace Dynasor.Synthesis;

/// <summary>
/// Seeded generator of synthetic reasoning traces: questions in the easy, scaling and impossible zones with
/// majority-vote behaviour and token costs fitted to a real trace (see <see cref="SynthOptions"/>).
/// </summary>
public static class SyntheticTrace
{
    /// <summary>
    /// Generates <see cref="SynthOptions.Questions"/> questions lazily. The result depends only on the options:
    /// the same options (seed included) always give the same questions, and a smaller
    /// <see cref="SynthOptions.Questions"/> gives a prefix of a larger one.
    /// </summary>
    /// <remarks>
    /// Gold answers and distractors are distinct non-negative integer strings; every sample carries
    /// <c>Correct = (Answer == Target)</c>. Ids are <c>{Dataset}/{index}</c> with index from 0.
    /// </remarks>
    /// <exception cref="ArgumentException">The options are invalid (thrown at the call, not on enumeration).</exception>
    public static IEnumerable<TraceQuestion> Generate(SynthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Iterate(options);
    }

    private static IEnumerable<TraceQuestion> Iterate(SynthOptions options)
    {
        // One System.Random consumed in a fixed order. A seeded System.Random keeps .NET's legacy algorithm
        // for compatibility (the docs do not promise it forever); questions never read options.Questions,
        // so a shorter run is a prefix of a longer one.
        var rng = new Random(options.Seed);
        for (var index = 0; index < options.Questions; index++)
        {
            yield return NextQuestion(rng, options, index);
        }
    }

    private static TraceQuestion NextQuestion(Random rng, SynthOptions o, int index)
    {
        var difficulty = rng.NextDouble();
        var (accuracy, skewBound) = Zone(o, difficulty);

        // GSM8K-like gold answers: small positive integers.
        var gold = rng.Next(2, 1000);
        var distractorCount = rng.Next(1, o.MaxDistractors + 1);
        var distractors = Distractors(rng, gold, distractorCount);
        var skew = rng.NextDouble() * skewBound;
        var cumulative = ZipfCumulative(distractorCount, skew);

        var logMedian = Math.Log(o.TokenMedian) + o.TokenDifficultyGrowth * difficulty + o.QuestionTokenSpread * Gaussian(rng);
        var logWrong = Math.Log(o.WrongTokenFactor);
        var target = gold.ToString(CultureInfo.InvariantCulture);

        var samples = new TraceSample[o.SamplesPerQuestion];
        for (var s = 0; s < samples.Length; s++)
        {
            var right = rng.NextDouble() < accuracy;
            var answer = right ? target : distractors[Pick(cumulative, rng.NextDouble())];
            var logTokens = logMedian + o.SampleTokenSpread * Gaussian(rng) + (right ? 0.0 : logWrong);
            samples[s] = new TraceSample(answer, Tokens(logTokens), Correct: right);
        }

        return new TraceQuestion(
            string.Create(CultureInfo.InvariantCulture, $"{o.Dataset}/{index}"),
            o.Dataset,
            o.Model,
            target,
            samples);
    }

    // Maps the latent difficulty to the per-sample accuracy of its zone and the zone's distractor skew bound.
    private static (double Accuracy, double SkewBound) Zone(SynthOptions o, double d)
    {
        if (d < o.EasyFraction)
        {
            var u = d / o.EasyFraction;
            return (1.0 - (1.0 - o.EasyMinAccuracy) * Math.Pow(u, o.EasyErrorExponent), o.DistractorSkew);
        }

        if (d < o.EasyFraction + o.ScalingFraction)
        {
            var u = (d - o.EasyFraction) / o.ScalingFraction;
            return (o.ScalingMaxAccuracy - (o.ScalingMaxAccuracy - o.ScalingMinAccuracy) * u, o.DistractorSkew);
        }

        // Validate() lets the shares sum to 1 within 1e-6, so clamp u rather than trust the remainder exactly.
        var width = 1.0 - o.EasyFraction - o.ScalingFraction;
        var v = width > 0.0 ? Math.Clamp((d - o.EasyFraction - o.ScalingFraction) / width, 0.0, 1.0) : 1.0;
        return (o.ImpossibleMaxAccuracy * Math.Pow(1.0 - v, o.ImpossibleAccuracyExponent), o.ImpossibleDistractorSkew);
    }

    // Wrong answers near the gold one, as arithmetic slips are: distinct, non-negative, never the gold.
    private static string[] Distractors(Random rng, int gold, int count)
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

    private static int Pick(double[] cumulative, double uniform)
    {
        for (var k = 0; k < cumulative.Length - 1; k++)
        {
            if (uniform < cumulative[k])
            {
                return k;
            }
        }

        return cumulative.Length - 1;
    }

    // Box-Muller; 1 - NextDouble() is in (0, 1] so the logarithm is finite.
    private static double Gaussian(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static int Tokens(double logTokens)
    {
        // At least one token: every real sample emits its answer. Capped so extreme settings cannot overflow.
        var tokens = Math.Round(Math.Exp(logTokens));
        return (int)Math.Clamp(tokens, 1.0, int.MaxValue / 2.0);
    }
}
