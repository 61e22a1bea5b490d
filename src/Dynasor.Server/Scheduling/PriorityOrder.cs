namespace Dynasor.Server.Scheduling;

/// <summary>Whether and how an upstream takes a request <c>priority</c> field (set per upstream in the config file).</summary>
public enum PriorityOrder
{
    /// <summary>Send no <c>priority</c> field (the default: engines without priority scheduling may reject it).</summary>
    None,

    /// <summary>Smaller values run first (vLLM with <c>--scheduling-policy priority</c>).</summary>
    LowerFirst,

    /// <summary>Larger values run first; the scheduler's order is sent negated.</summary>
    HigherFirst,

    /// <summary>
    /// Send a <c>priority</c> in the direction the engine's dialect runs it (vLLM lower-first, SGLang higher-first), none
    /// where the dialect has no priority (llama.cpp, Ollama).
    /// </summary>
    FromDialect,
}
