using System.CommandLine;
using Dynasor.Rewards;
using Dynasor.Search;
using Dynasor.Server.Rewards;

namespace Dynasor.Cli.Commands;

/// <summary>
/// <c>dynasor eval</c>'s reward model options: in process, the simulated PRM over the simulated engine (its noise);
/// over <c>--upstream</c>, a reward model served over HTTP (<see cref="RewardModelClient"/>). Only the reward-guided modes take them.
/// </summary>
internal sealed class EvalRewardOptions
{
    public Option<string?> Upstream { get; } = new("--reward-upstream") { Description = "rebase, mcts, bon, wsc over --upstream: the reward model's server (vLLM serving a PRM, or dynasor sim-engine), e.g. http://prm-host:8000/v1." };

    public Option<string?> Model { get; } = new("--reward-model") { Description = "Reward model to ask --reward-upstream for (default: the first it lists)." };

    public Option<string> Kind { get; } = new("--reward-kind") { Description = "prm (a process reward model at /pooling, one reward per step) or outcome (one score per answer at /classify).", DefaultValueFactory = _ => "prm" };

    public Option<string?> KeyEnv { get; } = new("--reward-key-env") { Description = "Environment variable holding --reward-upstream's API key." };

    public Option<double> Noise { get; } = RangeOption.Double("--reward-noise", "In process: the simulated PRM's noise in logit units (0 = noiseless; the final reward's AUC is 0.87 at 2.5, docs/rewards.md):", new SimRewardOptions().Noise, 0, 20);

    /// <summary>Refuses combinations that would be ignored; each message names the option and the fix.</summary>
    public void Check(ParseResult parse, EvalPlan plan, bool live)
    {
        var url = parse.GetValue(Upstream);
        var named = new[] { ("--reward-upstream", Given(parse, Upstream)), ("--reward-model", Given(parse, Model)), ("--reward-kind", Given(parse, Kind)),
            ("--reward-key-env", Given(parse, KeyEnv)), ("--reward-noise", Given(parse, Noise)) }.Where(o => o.Item2).Select(o => o.Item1).ToList();
        if (plan.Program is null && named.Count > 0)
            throw new ArgumentException($"{named[0]} sets the reward model of {string.Join(", ", SearchEvalOptions.Programs)}; --mode {plan.Mode} uses none");
        if (plan.Program is null)
            return;
        if (!live && url is not null)
            throw new ArgumentException("--reward-upstream scores a live upstream's solutions; give --upstream URL too (in process, the simulated PRM scores the simulated engine)");
        if (live && url is null)
            throw new ArgumentException($"--mode {plan.Mode} over --upstream needs --reward-upstream URL: a PRM served by vLLM, or the URL of the dynasor sim-engine that serves the steps");
        if (live && Given(parse, Noise))
            throw new ArgumentException("--reward-noise sets the in-process simulated PRM; over --upstream the reward model is --reward-upstream's (dynasor sim-engine --reward-noise X sets its noise)");
        if (url is null && named.FirstOrDefault(n => n != "--reward-noise") is { } orphan)
            throw new ArgumentException($"{orphan} needs --reward-upstream URL");
        RewardModelClient.ParseKind(parse.GetValue(Kind)!);
    }

    /// <summary>The reward model client of a checked command line, over <paramref name="http"/>; null when the mode takes none.</summary>
    public Func<HttpClient, IRewardModel>? Client(ParseResult parse, EvalPlan plan)
    {
        if (plan.Program is null || parse.GetValue(Upstream) is not { } url)
            return null;
        var uri = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed
            : throw new ArgumentException($"--reward-upstream '{url}' is not an absolute URL; use one such as http://prm-host:8000/v1");
        var key = parse.GetValue(KeyEnv) is { } env ? ServerRunner.Environment(env, "--reward-key-env") : null;
        var kind = RewardModelClient.ParseKind(parse.GetValue(Kind)!);
        var model = parse.GetValue(Model);
        return http => RewardModelClient.Create(uri, model, kind, http, null, key);
    }

    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
