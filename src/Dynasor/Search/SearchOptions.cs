using System.Globalization;

namespace Dynasor.Search;

/// <summary>
/// Settings of the reward-guided tree searches (<see cref="RebaseProgram"/>, <see cref="MctsProgram"/>). Validate once at
/// the edge with <see cref="Validate"/>; the programs validate again in their constructors.
/// </summary>
/// <param name="MaxDepth">Most steps on one path, 1..100; a node at this depth is a finished path whatever it says. Default 10.</param>
/// <param name="StepTokens">Most output tokens of one step request, 1..32768. Default 256 (the REBASE authors' <c>max_step_tokens</c>).</param>
/// <param name="BalanceTemperature">Rebase's softmax temperature over node rewards when it splits the width, 0.01..100; lower
/// sends more of the width to the best nodes. Default 0.2: <c>softmax_temperature</c> in the REBASE authors' settings
/// (Wu et al. 2024, "Inference Scaling Laws", arXiv 2408.00724; thu-wyz/inference_scaling, hype-parameters/rebase.yaml).</param>
/// <param name="Exploration">MCTS's UCT constant c in mean + c·sqrt(ln N / n), 0..100. Default 1.0 (llm-reasoners' MCTS <c>w_exp</c>).</param>
/// <param name="ExpansionWidth">Children an MCTS node gets before it counts as fully expanded and selection descends past it, 1..64.
/// Default 3 (the <c>expand_width</c> of MCTS code derived from llm-reasoners).</param>
public sealed record SearchOptions(
    int MaxDepth = 10,
    int StepTokens = 256,
    double BalanceTemperature = 0.2,
    double Exploration = 1.0,
    int ExpansionWidth = 3)
{
    /// <summary>The largest cap (Rebase width, MCTS iterations) a program may have; the same bound as self-consistency's samples.</summary>
    public const int MaxCap = 1000;

    /// <summary>Returns this when every setting is in range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, its value and the fix.</exception>
    public SearchOptions Validate()
    {
        if (MaxDepth is < 1 or > 100)
            throw new ArgumentException($"max_depth {MaxDepth} is out of range; use 1..100 (for example 10)");
        if (StepTokens is < 1 or > 32768)
            throw new ArgumentException($"step_tokens {StepTokens} is out of range; use 1..32768 (for example 256)");
        if (!(BalanceTemperature is >= 0.01 and <= 100))
            throw new ArgumentException($"balance_temperature {Num(BalanceTemperature)} is out of range; use 0.01..100 (for example 0.2)");
        if (!(Exploration is >= 0 and <= 100))
            throw new ArgumentException($"exploration {Num(Exploration)} is out of range; use 0..100 (for example 1.0)");
        if (ExpansionWidth is < 1 or > 64)
            throw new ArgumentException($"expansion_width {ExpansionWidth} is out of range; use 1..64 (for example 3)");
        return this;
    }

    /// <summary>Checks a program's cap (<paramref name="knob"/> names what it counts) against 1..<see cref="MaxCap"/>.</summary>
    internal static int CheckCap(int cap, string knob) =>
        cap is >= 1 and <= MaxCap ? cap : throw new ArgumentException($"cap {cap} ({knob}) is out of range; use 1..{MaxCap}");

    private static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);
}
