namespace Dynasor.Rewards;

/// <summary>
/// How a step-by-step solution is cut into steps: steps are separated by a blank line, as process reward models such
/// as Qwen2.5-Math-PRM are trained to read them (its model card: "steps separated by double line breaks"), and as
/// tree-search programs ask the policy model to stop (stop sequence <see cref="Separator"/>).
/// </summary>
public static class SolutionSteps
{
    /// <summary>The step separator: a blank line.</summary>
    public const string Separator = "\n\n";

    /// <summary>The system prompt that asks a model to solve step by step with a boxed answer (Qwen2.5-Math's chain-of-thought prompt).</summary>
    public const string SystemPrompt = "Please reason step by step, and put your final answer within \\boxed{}.";

    /// <summary>Splits a solution into its non-empty steps, trimmed.</summary>
    public static IReadOnlyList<string> Split(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split(Separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Joins steps into solution text, separated by <see cref="Separator"/>.</summary>
    public static string Join(IEnumerable<string> steps) => string.Join(Separator, steps);
}
