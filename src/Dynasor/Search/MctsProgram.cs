using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// Monte Carlo tree search over solution steps as a reasoning program whose knob is the number of iterations. One
/// iteration: select from the root by UCT (<see cref="Uct"/>) while the node is fully expanded (it has
/// <see cref="SearchOptions.ExpansionWidth"/> children) and not terminal; expand one new child step; roll out by generating
/// steps until one is terminal (a boxed answer, an empty step, or <see cref="SearchOptions.MaxDepth"/>), each rollout step
/// joining the tree as in llm-reasoners' MCTS; score the path with the reward model (its last step's reward); back the
/// reward up every node of the path (visits + 1, value = mean). An iteration that selects a terminal node revisits its path
/// without a request. The tree persists across grants. Answer: the best-rewarded path (<see cref="AnswerRule.BestReward"/>);
/// certaindex: mean reward over the iterations' paths. Requests run one at a time. Not thread-safe; run once.
/// </summary>
public sealed class MctsProgram
{
    private readonly StepGenerator _generator;
    private readonly SearchOptions _options;
    private readonly PathLedger _ledger = new();
    private long _nextId = 1;
    private int _started;

    /// <param name="engine">Where steps come from (live upstream, simulated engine, or the simulator's engine).</param>
    /// <param name="rewards">The process reward model that scores each rollout's path.</param>
    /// <param name="template">The conversation and sampling options; a system turn asking for step-by-step solutions is added
    /// when it has none. Its assistant prefix, token limit and stop sequences are replaced per step.</param>
    /// <param name="cap">The most iterations, 1..<see cref="SearchOptions.MaxCap"/>.</param>
    /// <exception cref="ArgumentException">The cap or an option is out of range.</exception>
    public MctsProgram(IStreamingEngine engine, IRewardModel rewards, ContinuationRequest template, int cap, SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        _generator = new StepGenerator(engine, rewards, template, options);
        Progress = new ProgramProgress(SearchOptions.CheckCap(cap, "MCTS: most iterations"), AnswerRule.BestReward, CertaindexMeasure.MeanReward);
    }

    /// <summary>The program's state: iterations so far, tokens, answers and rewards. Read it only while the program waits.</summary>
    public ProgramProgress Progress { get; }

    /// <summary>The tree: the root (the prompt) and every generated step under it.</summary>
    internal StepNode Root { get; } = StepNode.Root();

    /// <summary>
    /// Runs iterations while the policy grants them, then returns the best-rewarded path's answer. <paramref name="started"/>
    /// receives <see cref="Progress"/> before the first request. Cancelling ends the open request or reward call; the method
    /// returns (or throws) only after it has ended. An engine or reward-model failure is thrown.
    /// </summary>
    public async Task<SearchResult> RunAsync(IAllocationPolicy policy, Action<ProgramProgress>? started = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("an MctsProgram runs once; create a new one for another run");
        started?.Invoke(Progress);
        while (Progress.Remaining > 0)
        {
            var grant = Math.Min(policy.Next(Progress), Progress.Remaining);
            if (grant <= 0)
                break;
            for (var i = 0; i < grant; i++)
                await IterateAsync(cancellationToken).ConfigureAwait(false);
        }
        return _ledger.Result("mcts", Progress, _generator, (int)(_nextId - 1));
    }

    /// <summary>One iteration: selection, expansion, rollout, evaluation, back-propagation; one knob unit.</summary>
    internal async Task IterateAsync(CancellationToken cancellationToken)
    {
        List<StepNode> path = [Root];
        var node = Root;
        while (!node.Terminal && node.Children.Count >= _options.ExpansionWidth)
        {
            node = Uct.Select(node, _options.Exploration);
            path.Add(node);
        }

        var tokens = 0;
        if (!node.Terminal)
        {
            do
            {
                var child = node.NewChild(_nextId++);
                child.SetStep(await _generator.GenerateAsync(node.Steps, child.Id, cancellationToken).ConfigureAwait(false), _options.MaxDepth);
                // Joined only once generated, so a failed or cancelled request leaves no half-made node behind.
                node.Children.Add(child);
                tokens += child.Tokens;
                path.Add(child);
                node = child;
            }
            while (!node.Terminal);
            node.Reward = node.Steps.Count == 0 ? null : await _generator.ScoreAsync(node.Steps, cancellationToken).ConfigureAwait(false);
        }

        // A path with no step has no reward to give; it backs up 0, the worst reward.
        var reward = node.Reward ?? 0;
        foreach (var onPath in path)
        {
            onPath.Visits++;
            onPath.ValueSum += reward;
        }
        _ledger.Record(Progress, node, tokens);
    }
}
