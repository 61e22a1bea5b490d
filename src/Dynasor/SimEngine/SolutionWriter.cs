using System.Globalization;
using System.Text;

namespace Dynasor.SimEngine;

/// <summary>
/// Writes the text of one step: one to three lead sentences (none to two before the final answer) and the sentence
/// that states the step's value, the correct one when on track, else a nearby wrong one (an arithmetic slip); the
/// final step boxes the gold answer when on track, else a distractor drawn by its Zipf weight.
/// </summary>
internal static class SolutionWriter
{
    /// <summary>The text of step <paramref name="step"/> (1-based), consuming <paramref name="rng"/> in a fixed order.</summary>
    public static (string Text, string? Answer) Write(SolutionPlan plan, int step, bool final, bool onTrack, Random rng)
    {
        var text = new StringBuilder(256);
        var leads = final ? rng.Next(0, 3) : rng.Next(1, 4);
        var previous = -1;
        for (var i = 0; i < leads; i++)
        {
            // Never the same lead twice in a row.
            var pick = rng.Next(SolutionPhrases.Lead.Length - (previous < 0 ? 0 : 1));
            pick = previous >= 0 && pick >= previous ? pick + 1 : pick;
            previous = pick;
            Sentence(text, SolutionPhrases.Fill(SolutionPhrases.Lead[pick], rng.Next(2, 13), rng.Next(2, 20), ""));
        }

        var a = rng.Next(2, 13);
        var b = rng.Next(2, 20);
        if (final)
        {
            var answer = onTrack ? plan.Question.Model.Gold : plan.Question.Model.DrawDistractor(rng);
            Sentence(text, SolutionPhrases.Fill(SolutionPhrases.Final[rng.Next(SolutionPhrases.Final.Length)], a, b, answer));
            return (text.ToString(), answer);
        }

        var correct = plan.ValueOf(step)!;
        var value = onTrack ? correct : Slip(correct, rng);
        Sentence(text, SolutionPhrases.Fill(SolutionPhrases.Value[rng.Next(SolutionPhrases.Value.Length)], a, b, value));
        return (text.ToString(), null);
    }

    // A wrong value near the right one, never equal to it and never negative.
    private static string Slip(string correct, Random rng)
    {
        var x = int.Parse(correct, CultureInfo.InvariantCulture);
        var delta = rng.Next(1, Math.Max(10, x / 4) + 1);
        var wrong = rng.Next(2) == 0 && x - delta >= 0 ? x - delta : x + delta;
        return wrong.ToString(CultureInfo.InvariantCulture);
    }

    private static void Sentence(StringBuilder text, string sentence)
    {
        if (text.Length > 0)
        {
            text.Append(' ');
        }

        text.Append(sentence);
    }
}
