using Dynasor.Synthesis;

namespace Dynasor.SimEngine;

/// <summary>A prompt's latent question: the synthetic question model plus the question's chain-length deviation.</summary>
/// <param name="Model">Difficulty, zone, accuracy, gold and distractors.</param>
/// <param name="Hash">Stable hash of (engine seed, question text); seeds everything about the question.</param>
/// <param name="LengthDeviation">Standard normal deviate of the question's log chain length around the difficulty trend.</param>
internal sealed record SimQuestion(SyntheticQuestion Model, ulong Hash, double LengthDeviation)
{
    /// <summary>Draws the question for <paramref name="text"/> under engine seed <paramref name="seed"/>.</summary>
    public static SimQuestion Of(string text, int seed, SynthOptions options)
    {
        var hash = StableHash.Mix((ulong)(uint)seed, StableHash.Of(text));
        var rng = StableHash.Random(hash);
        var model = SyntheticQuestion.Draw(rng, options);
        return new SimQuestion(model, hash, SyntheticQuestion.Gaussian(rng));
    }
}
