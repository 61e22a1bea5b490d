using System.Globalization;
using System.Text.RegularExpressions;

namespace Dynasor.SimEngine;

/// <summary>
/// The sentences a step-by-step solution is written from. A non-final step is one to three lead sentences and a
/// value sentence that ends "... &lt;noun&gt; &lt;verb&gt; N." (the step's intermediate value, read back by
/// <see cref="TryReadValue"/>); the final step ends "... the final answer is \boxed{X}.". "{0}" and "{1}" are small
/// filler numbers, "{2}" the value or the answer.
/// </summary>
internal static partial class SolutionPhrases
{
    /// <summary>Sentences that open a step; they state no intermediate value.</summary>
    public static readonly string[] Lead =
    [
        "We start from the quantities stated in the problem.",
        "Next, we use the second condition.",
        "Now consider how the {0} groups of {1} fit together.",
        "The key observation is that each part can be handled separately.",
        "We need to be careful with the units here, since everything is counted per day.",
        "Let us write the relationship as an equation and simplify it.",
        "From the previous step we already know the starting amount.",
        "Each of the {0} rounds changes the total by the same step of {1}.",
        "This follows directly from the way the problem is set up.",
        "To keep the arithmetic simple, we group the terms before computing.",
        "Checking the condition again confirms that nothing else changes at this point.",
        "The problem tells us what happens next, so we apply it to what we have.",
    ];

    /// <summary>Sentences that state a step's intermediate value "{2}"; each ends in a form <see cref="TryReadValue"/> reads.</summary>
    public static readonly string[] Value =
    [
        "This gives an intermediate result of {2}.",
        "So the subtotal is {2}.",
        "Combining the two parts, the running total comes to {2}.",
        "After this step the amount is now {2}.",
        "Therefore the remaining quantity equals {2}.",
        "Multiplying through by {0}, the quantity becomes {2}.",
        "Substituting back, the expression takes the value of {2}.",
        "Adding the {0} extra items, the total stands at {2}.",
        "Working this out carefully, the required amount is {2}.",
        "Taking {1} away from the previous figure, the new figure is {2}.",
    ];

    /// <summary>Sentences that end a solution with its answer "{2}" in a box.</summary>
    public static readonly string[] Final =
    [
        "Putting everything together, the final answer is \\boxed{{{2}}}.",
        "Therefore, the final answer is \\boxed{{{2}}}.",
        "So the final answer is \\boxed{{{2}}}.",
        "This matches every condition in the problem, so the final answer is \\boxed{{{2}}}.",
    ];

    /// <summary>Fills a phrase with two filler numbers and the value.</summary>
    public static string Fill(string format, int a, int b, string value) =>
        string.Format(CultureInfo.InvariantCulture, format, a, b, value);

    /// <summary>
    /// Reads the intermediate value a step states: its last sentence ends "&lt;noun&gt; &lt;verb&gt; N." with a noun such as
    /// intermediate result, subtotal, total, amount, quantity, value or figure. False for text that states none (an R1
    /// paragraph: the chains' tentative "Then the result is 42." is not read as a value).
    /// </summary>
    public static bool TryReadValue(string step, out string value)
    {
        var match = ValuePattern().Match(step);
        value = match.Success ? match.Groups[1].Value : "";
        return match.Success;
    }

    /// <summary>True when the step holds a boxed answer, i.e. it is a final step.</summary>
    public static bool IsFinal(string step) => step.Contains("\\boxed{", StringComparison.Ordinal);

    // The reasoning chains' own sentences ("In the first case, the count is 5.", "Then the result is 42.") do not match.
    [GeneratedRegex(@"\b(?:intermediate result|subtotal|total|amount|quantity|value|figure)\s+(?:of|is|is now|comes to|equals|becomes|stands at)\s+(\d+)\.\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ValuePattern();
}
