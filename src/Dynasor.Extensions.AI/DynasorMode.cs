namespace Dynasor.Extensions.AI;

/// <summary>How <see cref="DynasorChatClient"/> answers a request; the server's <c>dynasor.mode</c> (<c>off</c>, <c>cot</c>, <c>sc</c>).</summary>
public enum DynasorMode
{
    /// <summary>Pass-through: the inner client answers as it would without the middleware.</summary>
    Off,

    /// <summary>Dynasor-CoT: one reasoning chain, probed every T tokens, cut when the last k probe answers agree.</summary>
    Cot,

    /// <summary>Adaptive self-consistency: samples in waves while the allocation policy asks for more, then the majority vote.</summary>
    Sc,
}
