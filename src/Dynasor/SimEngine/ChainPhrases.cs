namespace Dynasor.SimEngine;

/// <summary>
/// The sentences a chain is written from. Every sentence starts with a space so that sentences never merge into
/// one token when joined; "{0}" and "{1}" are small numbers, "{2}" their sum or product.
/// </summary>
internal static class ChainPhrases
{
    /// <summary>Working sentences before the settle point; a true flag means "{2}" is a product, else a sum.</summary>
    public static readonly (string Format, bool Product)[] Work =
    [
        (" Let me compute {0} times {1}, which gives {2}.", true),
        (" Adding {0} and {1} gives {2}.", false),
        (" Let me denote the unknown quantity by x.", false),
        (" Then x appears on both sides, so I can simplify.", false),
        (" I should set up an equation from the conditions.", false),
        (" Let me organize what I know so far.", false),
        (" Breaking it into cases might help here.", false),
        (" In the first case, the count is {0}.", false),
        (" The second case contributes {1} more, so {2} in total.", false),
        (" The ratio between the two parts is {0} to {1}.", false),
        (" Each group has {0} items and there are {1} groups, so {2} items.", true),
        (" Plugging this back into the original condition should tell me more.", false),
    ];

    /// <summary>Re-checking sentences after the settle point.</summary>
    public static readonly (string Format, bool Product)[] Check =
    [
        (" Let me double check this by going through it again.", false),
        (" Recomputing {0} times {1} gives {2}, which matches.", true),
        (" Checking the boundary case again, it still holds.", false),
        (" Another way to see this is to count the complement.", false),
        (" Yes, that is consistent with the earlier step.", false),
        (" Let me verify each step once more.", false),
        (" Adding {0} and {1} again gives {2}, as before.", false),
        (" Everything lines up with the conditions in the problem.", false),
        (" I could also try a small example to be sure.", false),
    ];

    /// <summary>Statements of a tentative answer: text before the answer, text after it.</summary>
    public static readonly (string Before, string After)[] Tentative =
    [
        (" So the answer would be", "."),
        (" That gives", "."),
        (" So I get", " for now."),
        (" Then the result is", "."),
    ];

    /// <summary>Doubts that follow a tentative answer before the settle point.</summary>
    public static readonly string[] Doubt =
    [
        " Wait, that doesn't seem right.",
        " Hmm, let me check that again.",
        " But hold on, I may have miscounted.",
        " Wait, I think I made a mistake somewhere.",
    ];

    /// <summary>Statements of the final answer at the settle point.</summary>
    public static readonly (string Before, string After)[] Settle =
    [
        (" So the answer is", "."),
        (" Therefore, the answer is", "."),
        (" That means the answer must be", "."),
    ];

    /// <summary>Re-affirmations of the final answer after the settle point.</summary>
    public static readonly (string Before, string After)[] Affirm =
    [
        (" So the answer is still", "."),
        (" Again I get", "."),
    ];

    /// <summary>Hedging paragraph openers.</summary>
    public static readonly string[] Hedge = [" Wait,", " Hmm,", " But wait,", " Hold on,"];

    /// <summary>The hedge a probe may add after its answer.</summary>
    public const string ProbeHedge = "\n\nWait, let me double check.";
}
