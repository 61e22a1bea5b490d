namespace Dynasor.Server.Upstream;

/// <summary>How Dynasor continues a partial assistant turn on an upstream.</summary>
public enum UpstreamProtocol
{
    /// <summary><c>/v1/chat/completions</c> with <c>continue_final_message: true, add_generation_prompt: false</c> (vLLM, SGLang).</summary>
    Chat,

    /// <summary><c>/v1/completions</c> on a prompt rendered with <see cref="OpenAi.PromptTemplate"/> (any engine with a raw completion route).</summary>
    Completions,
}
