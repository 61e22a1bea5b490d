using System.Diagnostics;
using Dynasor.Diagnostics;
using Dynasor.Server.Metrics;

namespace Dynasor.Server.Upstream;

/// <summary>
/// The client span of one call to the upstream engine, named and tagged as the GenAI conventions name an inference
/// call (<c>{gen_ai.operation.name} {gen_ai.request.model}</c>, <c>server.address</c>, usage). While it is current,
/// HttpClient's own span is its child, and that span's id goes upstream as the W3C <c>traceparent</c> header.
/// </summary>
internal static class UpstreamSpan
{
    /// <summary>Starts the span (current for the caller); null when nobody traces.</summary>
    public static Activity? Start(UpstreamOptions options, string operation)
    {
        var span = DynasorActivity.Source.StartActivity(operation, ActivityKind.Client);
        if (span is null)
            return null;
        span.SetTag(GenAiConventions.OperationName, operation);
        span.SetTag("server.address", options.BaseUrl.Host);
        span.SetTag("server.port", options.BaseUrl.Port);
        return span;
    }

    /// <summary>Names the span after the route the call took and the model it asked for, once they are known.</summary>
    public static void Plan(Activity? span, Uri url, string model)
    {
        if (span is null)
            return;
        var operation = Operation(url.AbsolutePath);
        span.DisplayName = $"{operation} {model}";
        span.SetTag(GenAiConventions.OperationName, operation);
        span.SetTag(GenAiConventions.RequestModel, model);
    }

    /// <summary>The operation an upstream route performs: <c>chat</c> for chat completions, else <c>text_completion</c>.</summary>
    public static string Operation(string route) => route.EndsWith("chat/completions", StringComparison.Ordinal) ? "chat" : "text_completion";

    /// <summary>Tags what the stream brought and ends the span.</summary>
    public static void End(Activity? span, long outputTokens, string? finishReason, int? promptTokens)
    {
        if (span is null)
            return;
        span.SetTag("gen_ai.usage.output_tokens", outputTokens);
        span.SetTag("gen_ai.usage.input_tokens", promptTokens);
        span.SetTag("gen_ai.response.finish_reasons", finishReason is null ? null : new[] { finishReason });
        span.Dispose();
    }
}
