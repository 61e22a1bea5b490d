using Dynasor.Cot;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>Builds the updates of one Dynasor response: one response id, one timestamp, the model, the assistant role.</summary>
internal sealed class ResponseUpdates(string? modelId)
{
    private readonly string _responseId = "dynasor-" + Guid.NewGuid().ToString("N");
    private readonly DateTimeOffset _created = DateTimeOffset.UtcNow;

    /// <summary>An update with <paramref name="text"/> as content and <paramref name="reasoning"/> as reasoning; either may be empty.</summary>
    public ChatResponseUpdate Text(string? text, string? reasoning)
    {
        var update = New();
        if (!string.IsNullOrEmpty(reasoning))
            update.Contents.Add(new TextReasoningContent(reasoning));
        if (!string.IsNullOrEmpty(text))
            update.Contents.Add(new TextContent(text));
        return update;
    }

    /// <summary>The last update: its text, the finish reason, usage and the report.</summary>
    public ChatResponseUpdate Final(string? text, string finish, int? promptTokens, long outputTokens, DynasorReport report)
    {
        var update = Text(text, null);
        update.FinishReason = finish switch
        {
            "length" => ChatFinishReason.Length,
            "content_filter" => ChatFinishReason.ContentFilter,
            "tool_calls" => ChatFinishReason.ToolCalls,
            _ => ChatFinishReason.Stop,
        };
        update.Contents.Add(new UsageContent(new UsageDetails
        {
            InputTokenCount = promptTokens,
            OutputTokenCount = outputTokens,
            TotalTokenCount = promptTokens is { } p ? p + outputTokens : null,
            AdditionalCounts = new() { [DynasorReport.UpstreamTokensCount] = report.UpstreamTokens },
        }));
        update.AdditionalProperties = new() { [DynasorReport.Key] = report };
        return update;
    }

    private ChatResponseUpdate New() => new()
    {
        ResponseId = _responseId,
        CreatedAt = _created,
        ModelId = modelId,
        Role = ChatRole.Assistant,
    };

    /// <summary>The report of a Dynasor-CoT run.</summary>
    public static DynasorReport Report(CotSummary s) =>
        new("cot", s.ExitedEarly, s.Probes, s.Certaindex, s.Votes, s.UpstreamTokens) { Answer = s.Answer };
}
