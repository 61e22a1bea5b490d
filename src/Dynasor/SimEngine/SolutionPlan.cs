using System.Globalization;

namespace Dynasor.SimEngine;

/// <summary>
/// A question's step-by-step solution model, fixed by (engine seed, question text): the number of steps D (3 to 8,
/// growing with difficulty), the correct intermediate value of each non-final step, and the chance p = a^(1/D) that
/// a step taken on track stays on track (a the question's per-sample accuracy), so a path from the root ends right
/// with probability a. Immutable; shared by every request about the question.
/// </summary>
internal sealed class SolutionPlan
{
    private readonly string[] _values;

    public SolutionPlan(SimQuestion question)
    {
        Question = question;
        var rng = StableHash.Random(StableHash.Mix(question.Hash, 0x5073_7465_7073UL));
        // floor(5d + U) is 0..5 for d in [0, 1): D grows with difficulty, with a one-step jitter.
        Steps = Math.Clamp(3 + (int)Math.Floor(5 * question.Model.Difficulty + rng.NextDouble()), 3, 8);
        StayOnTrack = Math.Pow(question.Model.Accuracy, 1.0 / Steps);
        _values = new string[Steps - 1];
        for (var k = 0; k < _values.Length; k++)
        {
            _values[k] = rng.Next(2, 2000).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The latent question (accuracy, gold, distractors).</summary>
    public SimQuestion Question { get; }

    /// <summary>Number of steps D of a solution, the final boxed step included: 3 to 8.</summary>
    public int Steps { get; }

    /// <summary>Chance that the next step of an on-track path is on track: a^(1/D).</summary>
    public double StayOnTrack { get; }

    /// <summary>
    /// The correct intermediate value of step <paramref name="step"/> (1-based), or null where there is none (the final
    /// step's position and beyond: a value stated there is off track).
    /// </summary>
    public string? ValueOf(int step) => step >= 1 && step <= _values.Length ? _values[step - 1] : null;
}
