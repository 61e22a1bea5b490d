using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>
/// The options a Dynasor mode cannot honour, refused with an error naming the option instead of being dropped, as the
/// server refuses the same request fields (its ModeFields): <c>cot</c> and <c>sc</c> build their answer from text they
/// generate and vote on, so a tool call or a schema-bound answer has no meaning there; and they make many calls, which a
/// server-side conversation would record as turns.
/// </summary>
internal static class ModeChecks
{
    public static void Check(ChatOptions? options, DynasorMode mode)
    {
        if (mode == DynasorMode.Off || options is null)
            return;
        var name = mode.ToString().ToLowerInvariant();
        var refused =
            options.Tools is { Count: > 0 } ? "Tools"
            : options.ResponseFormat is { } format && format is not ChatResponseFormatText ? "ResponseFormat"
            : options.ConversationId is not null ? "ConversationId"
            : options.AllowBackgroundResponses == true ? "AllowBackgroundResponses"
            : options.ContinuationToken is not null ? "ContinuationToken"
            : null;
        if (refused is not null)
            throw new NotSupportedException($"ChatOptions.{refused} cannot be honoured with Dynasor mode {name}: the mode builds its answer from text it "
                + "generates in many calls and votes on; send the request with mode off (AdditionalProperties[\"dynasor\"] = {\"mode\":\"off\"}), or leave the option out.");
    }
}
