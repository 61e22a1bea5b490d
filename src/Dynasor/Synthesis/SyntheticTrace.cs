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
        var question = SyntheticQuestion.Draw(rng, o);
        var logWrong = Math.Log(o.WrongTokenFactor);
        var samples = new TraceSample[o.SamplesPerQuestion];
        for (var s = 0; s < samples.Length; s++)
        {
            var (answer, right) = question.DrawAnswer(rng);
            var logTokens = question.LogTokenMedian + o.SampleTokenSpread * SyntheticQuestion.Gaussian(rng) + (right ? 0.0 : logWrong);
            samples[s] = new TraceSample(answer, Tokens(logTokens), Correct: right);
        }

        return new TraceQuestion(
            string.Create(CultureInfo.InvariantCulture, $"{o.Dataset}/{index}"),
            o.Dataset,
            o.Model,
            question.Gold,
            samples);
    }

    private static int Tokens(double logTokens)
    {
        // At least one token: every real sample emits its answer. Capped so extreme settings cannot overflow.
        var tokens = Math.Round(Math.Exp(logTokens));
        return (int)Math.Clamp(tokens, 1.0, int.MaxValue / 2.0);
    }
}
