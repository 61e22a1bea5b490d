using Dynasor.Rewards;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Modes;

/// <summary>The modes a request may name; the one seam through which the endpoints dispatch.</summary>
public static class ModeCatalog
{
    private static readonly IChatMode Off = new PassThroughMode();
    private static readonly IChatMode Cot = new CotMode();
    private static readonly IChatMode Sc = new ScMode();

    /// <summary>
    /// The mode for <paramref name="name"/>, already validated as one of <see cref="DynasorSettings.Modes"/>. A reward mode
    /// (rebase, mcts, bon, wsc) scores with <paramref name="rewards"/>, named <paramref name="rewardName"/> in its errors
    /// (its URL, or <c>simulated</c>); without a reward model it is refused with a 400 that names the fix.
    /// </summary>
    public static IChatMode Resolve(string name, IRewardModel? rewards = null, string rewardName = "") => name switch
    {
        "off" => Off,
        "cot" => Cot,
        "sc" => Sc,
        "rebase" or "mcts" or "bon" or "wsc" => rewards is null
            ? throw OpenAiException.Invalid($"dynasor.mode {name} scores its steps with a reward model, and this server has none: start it with --reward-upstream URL "
                + "(a vLLM server of a process reward model such as Qwen/Qwen2.5-Math-PRM-7B; or reward_upstream in its config), or use dynasor.mode sc.", "dynasor.mode", "reward_model_missing")
            : new RewardMode(name, rewards, rewardName),
        _ => throw OpenAiException.Invalid($"Unknown dynasor.mode '{name}'; use one of: {string.Join(", ", DynasorSettings.Modes)}.", "dynasor.mode"),
    };
}
