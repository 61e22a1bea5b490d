namespace Dynasor.Server.Rewards;

/// <summary>What a reward endpoint scores.</summary>
public enum RewardKind
{
    /// <summary>
    /// A process reward model: one reward per step, from vLLM's <c>POST /pooling</c> with the steps tagged
    /// <c>&lt;extra_0&gt;</c> (Qwen2.5-Math-PRM). CLI name <c>prm</c>.
    /// </summary>
    Prm,

    /// <summary>An outcome reward model: one score for the whole solution, from vLLM's <c>POST /classify</c>. CLI name <c>outcome</c>.</summary>
    Outcome,
}
