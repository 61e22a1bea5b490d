namespace Dynasor.Search;

/// <summary>
/// UCT (Kocsis and Szepesvári 2006), as LLM tree searches use it (llm-reasoners' MCTS): a child's score is its mean
/// backed-up reward plus c·sqrt(ln N / n), N the parent's visits, n the child's.
/// </summary>
internal static class Uct
{
    /// <summary>The UCT score of a child with <paramref name="visits"/> visits (at least 1) and mean value <paramref name="value"/>.</summary>
    public static double Score(double value, int visits, int parentVisits, double exploration) =>
        value + exploration * Math.Sqrt(Math.Log(Math.Max(parentVisits, 1)) / Math.Max(visits, 1));

    /// <summary>The child with the highest UCT score; on a tie the first (oldest). <paramref name="parent"/> has at least one child.</summary>
    public static StepNode Select(StepNode parent, double exploration)
    {
        var best = parent.Children[0];
        var bestScore = Score(best.Value, best.Visits, parent.Visits, exploration);
        for (var i = 1; i < parent.Children.Count; i++)
        {
            var child = parent.Children[i];
            var score = Score(child.Value, child.Visits, parent.Visits, exploration);
            if (score > bestScore)
                (best, bestScore) = (child, score);
        }
        return best;
    }
}
