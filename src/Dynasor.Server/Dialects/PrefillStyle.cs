namespace Dynasor.Server.Dialects;

/// <summary>How an engine's chat API is told to continue the final assistant message instead of closing it.</summary>
public enum PrefillStyle
{
    /// <summary>
    /// <c>continue_final_message: true, add_generation_prompt: false</c> (vLLM: both true is a 400,
    /// vllm/entrypoints/openai/chat_completion/protocol.py).
    /// </summary>
    ContinueFinalMessage,

    /// <summary><c>continue_final_message: true</c> alone: SGLang has no <c>add_generation_prompt</c> field (sglang protocol.py, PR #4226).</summary>
    ContinueFlagOnly,

    /// <summary>
    /// llama.cpp: <c>continue_final_message</c> with <c>add_generation_prompt: false</c>, and inside the reasoning block
    /// <c>"continue_final_message": "reasoning_content"</c> with the partial chain in the message's <c>reasoning_content</c>
    /// (llama.cpp PRs #23012 and #23089; ../shared/models/README.md).
    /// </summary>
    LlamaCpp,

    /// <summary>No flag: the engine continues a final assistant message if its template does (Ollama, ollama/ollama#6778).</summary>
    TemplateDecides,
}
