using Dynasor.Answers;

namespace Dynasor.Search;

/// <summary>
/// One node of a search tree: the root (the prompt, no step) or one generated step with the path that leads to it.
/// Rebase reads its reward; MCTS also its visits and backed-up value. Owned by one program; set once by
/// <see cref="SetStep"/>, then changed only on the program's own flow.
/// </summary>
internal sealed class StepNode
{
    private StepNode(long id, StepNode? parent)
    {
        Id = id;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        Steps = parent?.Steps ?? [];
    }

    /// <summary>Creation index within the program (root 0); the step request's seed is the template seed plus it.</summary>
    public long Id { get; }

    public StepNode? Parent { get; }

    /// <summary>Steps requested to reach this node (an empty step counts).</summary>
    public int Depth { get; }

    /// <summary>The step this node added, trimmed; empty for the root and for an empty step (the model ended its turn).</summary>
    public string Step { get; private set; } = "";

    /// <summary>The path's non-empty steps, root first: what the reward model scores and the next request continues.</summary>
    public IReadOnlyList<string> Steps { get; private set; }

    /// <summary>Output tokens of this node's step request.</summary>
    public int Tokens { get; private set; }

    /// <summary>True when the path ends here: a boxed answer, an empty step, or <see cref="SearchOptions.MaxDepth"/>.</summary>
    public bool Terminal { get; private set; }

    /// <summary><c>stop</c> when the path ended by itself (boxed answer or empty step), <c>length</c> when MaxDepth cut it.</summary>
    public string Finish { get; private set; } = "stop";

    /// <summary>The reward model's reward of the path's last step, in [0, 1]; null before scoring or for a path with no step.</summary>
    public double? Reward { get; set; }

    /// <summary>Children in creation order (MCTS keeps them; Rebase does not need them).</summary>
    public List<StepNode> Children { get; } = [];

    /// <summary>MCTS: iterations whose path went through this node.</summary>
    public int Visits { get; set; }

    /// <summary>MCTS: sum of the rewards backed up through this node.</summary>
    public double ValueSum { get; set; }

    /// <summary>MCTS: the mean backed-up reward (0 before the first visit).</summary>
    public double Value => Visits == 0 ? 0 : ValueSum / Visits;

    /// <summary>The answer the path gives: <see cref="AnswerExtractor.Extract"/> of its last step ("" for no step).</summary>
    public string Answer => Steps.Count == 0 ? "" : AnswerExtractor.Extract(Steps[^1]);

    public static StepNode Root() => new(0, null);

    public StepNode NewChild(long id) => new(id, this);

    /// <summary>Fills in the generated step and decides whether the path ends here.</summary>
    public void SetStep(StepOutcome outcome, int maxDepth)
    {
        Step = outcome.Text;
        Tokens = outcome.Tokens;
        if (Step.Length > 0)
            Steps = [.. Steps, Step];
        var boxed = Step.Contains("\\boxed", StringComparison.Ordinal) || Step.Contains("\\fbox", StringComparison.Ordinal);
        Terminal = boxed || Step.Length == 0 || Depth >= maxDepth;
        Finish = Terminal && !boxed && Step.Length > 0 ? "length" : "stop";
    }
}
