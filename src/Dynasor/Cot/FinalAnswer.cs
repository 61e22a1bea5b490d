namespace Dynasor.Cot;

/// <summary>The text appended to a chain that exits early: the agreed answer in the model's own answer format.</summary>
internal static class FinalAnswer
{
    /// <summary>
    /// Closes an open think block (the last <c>&lt;think&gt;</c> has no later <c>&lt;/think&gt;</c>), then writes the
    /// answer boxed under a "Final Answer" heading, which is how reasoning models end their own answers and what
    /// <see cref="Answers.AnswerExtractor"/> reads back.
    /// </summary>
    public static string Text(string chain, string answer)
    {
        var open = chain.LastIndexOf("<think>", StringComparison.Ordinal);
        var close = chain.LastIndexOf("</think>", StringComparison.Ordinal);
        var think = open >= 0 && open > close ? "\n</think>" : "";
        return $"{think}\n\n**Final Answer**\n\\[ \\boxed{{{answer}}} \\]";
    }
}
