namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>llama.cpp's <c>common_chat_continuation</c>: how a final assistant message is continued.</summary>
internal enum ContinuationMode
{
    /// <summary>Not continued (a new assistant turn follows).</summary>
    None,

    /// <summary><c>true</c> or the implicit prefill: inside the reasoning when the message has only reasoning,
    /// else inside the content.</summary>
    Auto,

    /// <summary><c>"reasoning_content"</c>: inside the reasoning block, left open.</summary>
    Reasoning,

    /// <summary><c>"content"</c>: after the (closed) reasoning, inside the content.</summary>
    Content,
}
