using System.Text;
using Dynasor.Engines;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// The two requests a tree search makes, and their accounting. A step is a continuation of the template's conversation
/// whose assistant turn already holds the path's steps (joined by <see cref="SolutionSteps.Separator"/>, plus one trailing
/// separator; empty at the root), stopped at the next separator, at most <see cref="SearchOptions.StepTokens"/> tokens,
/// seeded with the template's seed (0 when unset) plus the node's id, so node i is reproducible whatever order the
/// requests finish in. A conversation with no system turn gets <see cref="SolutionSteps.SystemPrompt"/> as one, so the
/// model writes steps and a boxed answer. A path is scored by the reward model; its reward is its last step's (as REBASE
/// scores nodes, and search-and-learn's default <c>agg_strategy: last</c>). Safe for concurrent calls.
/// </summary>
internal sealed class StepGenerator
{
    private readonly IStreamingEngine _engine;
    private readonly IRewardModel _rewards;
    private readonly ContinuationRequest _template;
    private readonly int _stepTokens;
    private long _upstreamTokens;
    private long _rewardTokens;
    private int _steps;
    private int _promptTokens = -1;

    public StepGenerator(IStreamingEngine engine, IRewardModel rewards, ContinuationRequest template, SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(template);
        _engine = engine;
        _rewards = rewards;
        _template = WithStepPrompt(template);
        _stepTokens = options.StepTokens;
    }

    /// <summary>The question the reward model is told (the last user turn).</summary>
    public string Question => _template.Question;

    /// <summary>The system turn the policy model is given (the template's, or the step-by-step prompt).</summary>
    public string? System => _template.Messages.FirstOrDefault(m => m.Role is "system" or "developer")?.Content;

    public long UpstreamTokens => Interlocked.Read(ref _upstreamTokens);

    public long RewardTokens => Interlocked.Read(ref _rewardTokens);

    /// <summary>Step requests made, failed and cancelled ones included.</summary>
    public int Steps => Volatile.Read(ref _steps);

    /// <summary>The engine's count of the conversation's prompt tokens, from a root-level step; null until one reported it.</summary>
    public int? PromptTokens => Volatile.Read(ref _promptTokens) is var count and >= 0 ? count : null;

    /// <summary>The template with <see cref="SolutionSteps.SystemPrompt"/> as its system turn when it has none.</summary>
    public static ContinuationRequest WithStepPrompt(ContinuationRequest template) =>
        template.Messages.Any(m => m.Role is "system" or "developer")
            ? template
            : template with { Messages = [new ChatTurn("system", SolutionSteps.SystemPrompt), .. template.Messages] };

    /// <summary>Generates the step after <paramref name="steps"/> for node <paramref name="nodeId"/>.</summary>
    public async Task<StepOutcome> GenerateAsync(IReadOnlyList<string> steps, long nodeId, CancellationToken cancellationToken)
    {
        var request = _template with
        {
            AssistantPrefix = steps.Count == 0 ? "" : SolutionSteps.Join(steps) + SolutionSteps.Separator,
            ReasoningPrefix = "",
            Suffix = "",
            PrefixTokenIds = null,
            InReasoning = null,
            MaxTokens = _stepTokens,
            Sampling = _template.Sampling with { Stop = [SolutionSteps.Separator], Seed = (_template.Sampling.Seed ?? 0) + nodeId },
            Continued = false,
        };
        Interlocked.Increment(ref _steps);
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        var tokens = 0;
        await foreach (var token in _engine.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            tokens += token.Tokens;
            // Counted as they arrive, so a failed or cancelled run still knows what it spent.
            Interlocked.Add(ref _upstreamTokens, token.Tokens);
            content.Append(token.Text);
            reasoning.Append(token.Reasoning);
            if (steps.Count == 0 && token.Report?.PromptTokens is { } prompt)
                Interlocked.CompareExchange(ref _promptTokens, prompt, -1);
        }
        var text = content.Length > 0 ? content.ToString() : reasoning.ToString();
        var cut = text.IndexOf(SolutionSteps.Separator, StringComparison.Ordinal);
        return new StepOutcome((cut >= 0 ? text[..cut] : text).Trim(), tokens);
    }

    /// <summary>The reward of the path <paramref name="steps"/> (at least one): its last step's reward (<see cref="PathReward"/>).</summary>
    /// <exception cref="RewardModelException">The model failed, or gave a reward outside [0, 1].</exception>
    public async Task<double> ScoreAsync(IReadOnlyList<string> steps, CancellationToken cancellationToken)
    {
        var score = await _rewards.ScoreAsync(new RewardRequest(Question, steps, System), cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _rewardTokens, score.Tokens);
        return PathReward.Of(score, steps.Count);
    }
}
