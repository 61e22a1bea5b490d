using System.Collections.Concurrent;
using System.Text;
using Dynasor.Engines;
using Dynasor.Rewards;

namespace Dynasor.SimEngine;

/// <summary>
/// The simulated engine's solution mode: step-by-step solutions whose steps are separated by
/// <see cref="SolutionSteps.Separator"/>. The next step depends only on (engine seed, question, the complete steps
/// before it, sampling seed), so the engine stays stateless and the discrete-event simulator can write the very same
/// steps synchronously (<see cref="Next(string, string, long)"/>). Plans are cached per question. Thread safe.
/// </summary>
internal sealed class SolutionModel(SimEngineOptions options, int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, SolutionPlan> _plans = new(StringComparer.Ordinal);

    /// <summary>True when a system turn asks to reason "step by step" (case-insensitive), as <see cref="SolutionSteps.SystemPrompt"/> does.</summary>
    public static bool IsRequested(IReadOnlyList<ChatTurn> messages) =>
        messages.Any(m => m.Role == "system" && (m.Content ?? "").Contains("step by step", StringComparison.OrdinalIgnoreCase));

    /// <summary>The solution plan of <paramref name="question"/> (the last user turn's text), made on first use.</summary>
    public SolutionPlan Plan(string question)
    {
        if (_plans.TryGetValue(question, out var plan))
        {
            return plan;
        }

        if (_plans.Count >= capacity)
        {
            _plans.Clear();
        }

        plan = new SolutionPlan(SimQuestion.Of(question, options.Seed, options.Questions));
        return _plans.GetOrAdd(question, plan);
    }

    /// <summary>
    /// The step the engine writes after the complete steps of <paramref name="prefix"/> (text after its last separator
    /// is ignored) under sampling seed <paramref name="seed"/>; null when the solution already has its final step.
    /// </summary>
    public SolutionStep? Next(string question, string prefix, long seed)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(prefix);
        var cut = prefix.LastIndexOf(SolutionSteps.Separator, StringComparison.Ordinal);
        return Next(Plan(question), SolutionSteps.Split(cut < 0 ? "" : prefix[..cut]), (ulong)seed);
    }

    /// <summary>The step after <paramref name="steps"/>, or null when they end in a final step.</summary>
    public static SolutionStep? Next(SolutionPlan plan, IReadOnlyList<string> steps, ulong seed)
    {
        var readings = SolutionReader.Read(plan, steps);
        if (readings.Any(r => r.Kind == StepKind.Final))
        {
            return null;
        }

        var rng = StableHash.Random(StableHash.Mix(StableHash.Mix(plan.Question.Hash, StableHash.Of(SolutionSteps.Join(steps))), seed));
        var was = readings.Length == 0 || readings[^1].OnTrack;
        var onTrack = rng.NextDouble() < plan.StayOnTrack && was;
        var number = steps.Count + 1;
        var final = number >= plan.Steps;
        var (text, answer) = SolutionWriter.Write(plan, number, final, onTrack, rng);
        return new SolutionStep(text, SimTokenizer.Count(text), final, onTrack, answer);
    }

    /// <summary>
    /// What a request continuing <paramref name="prefix"/> streams, before MaxTokens and stop sequences: the rest of
    /// the solution. A prefix that ends at a separator (or is empty) gets the next steps; one that ends inside the step
    /// this seed writes there, or inside its separator, gets the rest of both first (so a request cut by MaxTokens
    /// continues exactly); any other unfinished last piece counts as a complete step, and the output starts with the
    /// separator (or the one newline it lacks).
    /// </summary>
    public string Continue(string question, string prefix, ulong seed)
    {
        var plan = Plan(question);
        var cut = prefix.LastIndexOf(SolutionSteps.Separator, StringComparison.Ordinal);
        var steps = SolutionSteps.Split(cut < 0 ? "" : prefix[..cut]).ToList();
        var tail = cut < 0 ? prefix : prefix[(cut + SolutionSteps.Separator.Length)..];
        var output = new StringBuilder(1024);
        if (tail.Trim().Length > 0)
        {
            // The step this seed writes here, with its separator: a prefix cut anywhere in it continues exactly.
            var planned = Next(plan, steps, seed);
            var expected = planned is null ? null : planned.Final ? planned.Text : planned.Text + SolutionSteps.Separator;
            if (expected is not null && expected.StartsWith(tail, StringComparison.Ordinal))
            {
                output.Append(expected, tail.Length, expected.Length - tail.Length);
                steps.Add(planned!.Text);
            }
            else
            {
                steps.Add(tail.Trim());
                if (SolutionReader.Finished(steps))
                {
                    return "";
                }

                output.Append(tail.EndsWith('\n') ? "\n" : SolutionSteps.Separator);
            }
        }

        for (var step = Next(plan, steps, seed); step is not null; step = Next(plan, steps, seed))
        {
            output.Append(step.Text);
            steps.Add(step.Text);
            if (step.Final)
            {
                break;
            }

            output.Append(SolutionSteps.Separator);
        }

        return output.ToString();
    }
}
