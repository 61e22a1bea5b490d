using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Dynasor.Extensions.AI;

/// <summary>
/// vLLM's continuation flags through the OpenAI client: Microsoft.Extensions.AI.OpenAI sends none of
/// <c>ChatOptions.AdditionalProperties</c> (checked against 10.11.0), so they go into the body through the raw options'
/// JSON patch, on top of whatever raw options the caller's own factory makes.
/// </summary>
internal static class OpenAiFlags
{
    [SuppressMessage("Usage", "SCME0001", Justification = "JsonPatch is the OpenAI library's only way to send fields it does not model.")]
    public static ChatOptions Add(ChatOptions options)
    {
        var own = options.RawRepresentationFactory;
        options.RawRepresentationFactory = client =>
        {
            var raw = own?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
#pragma warning disable SCME0001
            // vLLM: both flags true is a 400, so add_generation_prompt goes false (vllm chat_completion/protocol.py).
            raw.Patch.Set("$.continue_final_message"u8, true);
            raw.Patch.Set("$.add_generation_prompt"u8, false);
#pragma warning restore SCME0001
            return raw;
        };
        return options;
    }
}
