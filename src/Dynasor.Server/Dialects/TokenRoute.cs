namespace Dynasor.Server.Dialects;

/// <summary>
/// How an engine continues a turn on token ids: where the prompt's ids come from, and the generation request that
/// takes a prompt of ids and answers with the ids it generated.
/// </summary>
/// <param name="Render">How a fresh turn's prompt becomes ids.</param>
/// <param name="Generate">The route and field names of a generation on ids.</param>
public sealed record TokenRoute(PromptRender Render, IdGeneration Generate);

/// <summary>How an engine turns a conversation into prompt token ids.</summary>
public enum PromptRender
{
    /// <summary>The first chunk is an ordinary chat request with <c>return_token_ids</c>: the answer carries <c>prompt_token_ids</c> (vLLM, PR #22587).</summary>
    ChatReturnsIds,

    /// <summary><c>POST /tokenize</c> with the messages: the engine's own template applied, ids returned (SGLang protocol.py TokenizeRequest).</summary>
    TokenizeMessages,

    /// <summary><c>POST /apply-template</c> renders the prompt text, <c>POST /tokenize</c> with <c>parse_special</c> gives its ids (llama.cpp tools/server/README.md).</summary>
    ApplyTemplate,
}

/// <summary>The generation request that takes a prompt of token ids and returns the generated ids.</summary>
public enum IdGeneration
{
    /// <summary><c>POST /v1/completions</c>, <c>prompt: [ids]</c>, <c>return_token_ids: true</c>; ids in <c>choices[i].token_ids</c> (vLLM, SGLang PR #30917).</summary>
    CompletionsReturnTokenIds,

    /// <summary>llama.cpp's native <c>POST /completion</c>, <c>prompt: [ids]</c>, <c>return_tokens: true</c>; ids in <c>tokens</c> (tools/server/README.md).</summary>
    NativeCompletion,
}
