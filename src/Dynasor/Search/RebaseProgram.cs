using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// REBASE, reward balanced search (Wu et al. 2024, arXiv 2408.00724), as a reasoning program whose knob is the tree width:
/// the number of finished solutions. A round of width w expands the root into w first steps; every node is scored by the
/// reward model; at each depth the nodes that finished (a boxed answer, an empty step, or <see cref="SearchOptions.MaxDepth"/>)
/// become solutions and take one unit of width each, and the width left is split over the depth's unfinished nodes by
/// softmax(reward / T) (<see cref="RebaseSplit"/>), each getting that many children, until the width is spent. The
/// allocation policy grants width: each grant runs one more round of that width from the root, and every round's solutions
/// pool in one vote, weighted by their rewards. Certaindex: answer entropy (policies add <c>max_reward</c> through the
/// threshold families). A depth's step requests, and its reward calls, run concurrently. Not thread-safe; run once.
/// </summary>
public sealed class RebaseProgram
{
    private readonly StepGenerator _generator;
    private readonly SearchOptions _options;
    private readonly PathLedger _ledger = new();
    private long _nextId = 1;
    private int _started;

    /// <param name="engine">Where steps come from (live upstream, simulated engine, or the simulator's engine).</param>
    /// <param name="rewards">The process reward model that scores each node.</param>
    /// <param name="template">The conversation and sampling options; a system turn asking for step-by-step solutions is added
    /// when it has none. Its assistant prefix, token limit and stop sequences are replaced per step.</param>
    /// <param name="cap">The most solutions (total width over all rounds), 1..<see cref="SearchOptions.MaxCap"/>.</param>
    /// <exception cref="ArgumentException">The cap or an option is out of range.</exception>
    public RebaseProgram(IStreamingEngine engine, IRewardModel rewards, ContinuationRequest template, int cap, SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        _generator = new StepGenerator(engine, rewards, template, options);
        Progress = new ProgramProgress(SearchOptions.CheckCap(cap, "Rebase width: most solutions"), AnswerRule.RewardWeighted, CertaindexMeasure.Entropy);
    }

    /// <summary>The program's state: solutions so far, tokens, votes and rewards. Read it only while the program waits.</summary>
    public ProgramProgress Progress { get; }

    /// <summary>
    /// Runs rounds while the policy grants width, then returns the reward-weighted vote's answer. <paramref name="started"/>
    /// receives <see cref="Progress"/> before the first request. Cancelling ends every step request and reward call; the
    /// method returns (or throws) only after they have ended. An engine or reward-model failure cancels the rest and is thrown.
    /// </summary>
    public async Task<SearchResult> RunAsync(IAllocationPolicy policy, Action<ProgramProgress>? started = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException("a RebaseProgram runs once; create a new one for another run");
        started?.Invoke(Progress);
        while (Progress.Remaining > 0)
        {
            var grant = Math.Min(policy.Next(Progress), Progress.Remaining);
            if (grant <= 0)
                break;
            await RoundAsync(grant, cancellationToken).ConfigureAwait(false);
        }
        return _ledger.Result("rebase", Progress, _generator, (int)(_nextId - 1));
    }

    /// <summary>One round of width <paramref name="width"/> from the root; adds exactly <paramref name="width"/> solutions.</summary>
    internal async Task RoundAsync(int width, CancellationToken cancellationToken)
    {
        List<StepNode> frontier = [StepNode.Root()];
        var remaining = width;
        while (remaining > 0)
        {
            var counts = RebaseSplit.Split(frontier.Select(n => n.Reward ?? 0).ToList(), remaining, _options.BalanceTemperature);
            var children = new List<StepNode>(remaining);
            for (var i = 0; i < frontier.Count; i++)
            {
                for (var c = 0; c < counts[i]; c++)
                    children.Add(frontier[i].NewChild(_nextId++));
            }
            await Siblings.RunAsync(children.Count, (i, ct) => ExpandAsync(children[i], ct), cancellationToken).ConfigureAwait(false);

            // In creation order, so the vote does not depend on which request finished first.
            frontier = [];
            foreach (var child in children)
            {
                if (child.Terminal)
                {
                    _ledger.Record(Progress, child, child.Tokens);
                    remaining--;
                }
                else
                {
                    Progress.AddTokens(child.Tokens);
                    frontier.Add(child);
                }
            }
        }
    }

    private async Task ExpandAsync(StepNode node, CancellationToken cancellationToken)
    {
        var parent = node.Parent!;
        node.SetStep(await _generator.GenerateAsync(parent.Steps, node.Id, cancellationToken).ConfigureAwait(false), _options.MaxDepth);
        // An empty step adds nothing to the path: it keeps its parent's reward (none at the root).
        node.Reward = node.Step.Length == 0 ? parent.Reward : await _generator.ScoreAsync(node.Steps, cancellationToken).ConfigureAwait(false);
    }
}
