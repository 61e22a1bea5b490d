using Dynasor.Answers;

namespace Dynasor.SimEngine;

/// <summary>
/// Reads a path's latent state back from its steps alone: step k (1-based) is on track when the path was on track
/// before it and the value it states is the question's correct k-th value; a step that states no value leaves the
/// state as it was; once off, a path stays off (no recovery). Pure; thread safe.
/// </summary>
internal static class SolutionReader
{
    /// <summary>One reading per step of <paramref name="steps"/>, in order.</summary>
    public static StepReading[] Read(SolutionPlan plan, IReadOnlyList<string> steps)
    {
        var readings = new StepReading[steps.Count];
        var onTrack = true;
        var firstOff = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (SolutionPhrases.IsFinal(step))
            {
                var answer = AnswerExtractor.Extract(step);
                onTrack = onTrack && AnswerGrader.IsCorrect(answer, plan.Question.Model.Gold);
                firstOff = onTrack || firstOff > 0 ? firstOff : i + 1;
                readings[i] = new StepReading(StepKind.Final, onTrack, firstOff, answer);
            }
            else if (SolutionPhrases.TryReadValue(step, out var value))
            {
                onTrack = onTrack && value == plan.ValueOf(i + 1);
                firstOff = onTrack || firstOff > 0 ? firstOff : i + 1;
                readings[i] = new StepReading(StepKind.Value, onTrack, firstOff, null);
            }
            else
            {
                readings[i] = new StepReading(StepKind.Other, onTrack, firstOff, null);
            }
        }

        return readings;
    }

    /// <summary>True when some step holds a boxed answer: the solution is finished.</summary>
    public static bool Finished(IReadOnlyList<string> steps) => steps.Any(SolutionPhrases.IsFinal);
}
