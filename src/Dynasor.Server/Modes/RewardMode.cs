using System.Runtime.CompilerServices;
using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Rewards;
using Dynasor.Search;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Scheduling;

namespace Dynasor.Server.Modes;

/// <summary>
/// <c>mode: rebase | mcts | bon | wsc</c>: a reward-guided reasoning program (<c>Dynasor.Search</c>, <c>BestOfN</c>) whose
/// knob units the allocation policy grants. Step requests and samples go through <paramref name="engine"/>'s program
/// engine like sc's samples (so the scheduler sees the program's progress); reward calls go to the reward model directly.
/// The client gets the chosen path (or sample) in one piece once the program is done; <c>usage.completion_tokens</c> is
/// the engine's count of that text. A failing reward model is a 502 naming it (<paramref name="rewardName"/>: its URL, or
/// <c>simulated</c>) and the fix.
/// </summary>
internal sealed class RewardMode(string program, IRewardModel rewards, string rewardName) : IChatMode
{
    public async IAsyncEnumerable<ModeEvent> RunAsync(
        IStreamingEngine engine, ContinuationRequest request, DynasorSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.AssistantPrefix.Length > 0 || request.ReasoningPrefix.Length > 0)
            throw OpenAiException.Invalid($"A partial assistant turn cannot be continued with dynasor.mode {program}: the program writes the assistant turn step by step from its start; "
                + "drop the partial turn (continue_final_message) or use dynasor.mode off or cot.", "messages", "unsupported_with_mode");
        // Node (or sample) i uses seed + i; without a client seed every request searches afresh, as sc samples afresh.
        if (request.Sampling.Seed is null)
            request = request with { Sampling = request.Sampling with { Seed = Random.Shared.NextInt64(1, 1L << 40) } };
        var policy = ModePolicy.Create(settings);
        // A scheduled engine reads the program's progress to predict its remaining work, as for sc.
        var started = engine is ScheduledProgram scheduled ? scheduled.Track : (Action<ProgramProgress>?)null;
        var ledger = new PathTokens(engine);
        var cap = Cap(program, settings);
        var result = await SearchAsync(ledger, StepPrompt.Apply(request), settings, policy, cap, started, cancellationToken);
        var tokens = program is "bon" or "wsc" ? ledger.OfSample(result.Text) : ledger.OfPath(result.Text);
        yield return new ModeEvent(result.Text, null, tokens);
        yield return new ModeEvent("", null, 0, result.FinishReason,
            new ModeSummary(program, result.Knob < cap, 0, result.Certaindex, result.Votes, result.UpstreamTokens)
            {
                PromptTokens = result.PromptTokens,
                Search = new SearchSummary(result.Reward, result.Steps, result.Nodes, Knob(program), result.Knob, cap, result.RewardTokens),
            });
    }

    /// <summary>The cap of <paramref name="program"/>'s knob in <paramref name="settings"/>.</summary>
    public static int Cap(string program, DynasorSettings settings) => program switch
    {
        "rebase" => settings.Width,
        "mcts" => settings.Iterations,
        _ => settings.MaxSamples,
    };

    private static string Knob(string program) => program switch
    {
        "rebase" => "width",
        "mcts" => "iterations",
        _ => "samples",
    };

    private async Task<SearchResult> SearchAsync(IStreamingEngine engine, ContinuationRequest template, DynasorSettings settings, IAllocationPolicy policy, int cap,
        Action<ProgramProgress>? started, CancellationToken cancellationToken)
    {
        // max_tokens bounds every request a program makes, as it bounds each of sc's samples.
        var search = settings.Search with { StepTokens = Math.Min(settings.Search.StepTokens, template.MaxTokens) };
        try
        {
            return program switch
            {
                "rebase" => await new RebaseProgram(engine, rewards, template, cap, search).RunAsync(policy, started, cancellationToken),
                "mcts" => await new MctsProgram(engine, rewards, template, cap, search).RunAsync(policy, started, cancellationToken),
                "bon" => await BestOfN.RunAsync(engine, rewards, template, policy, new ScOptions(cap), AnswerRule.BestReward, started, cancellationToken),
                _ => await BestOfN.RunAsync(engine, rewards, template, policy, new ScOptions(cap), AnswerRule.RewardWeighted, started, cancellationToken),
            };
        }
        catch (RewardModelException e)
        {
            // The policy model's failures keep their own statuses (UpstreamException); the reward model's are a bad gateway too.
            var which = e.Message.Contains(rewardName, StringComparison.Ordinal) ? "" : $" ({rewardName})";
            throw new OpenAiException(502, $"dynasor.mode {program} could not score its steps with the reward model{which}: {e.Message}", "upstream_error", null, "reward_model_failed");
        }
    }
}
