using System.Diagnostics;
using Dynasor.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Metrics;

/// <summary>
/// The server span of one completion request, named as the GenAI conventions name an inference span
/// (<c>{gen_ai.operation.name} {gen_ai.request.model}</c>) and continuing the client's W3C <c>traceparent</c>: the
/// request's program steps and upstream calls are its descendants. Null when nobody traces.
/// </summary>
internal static class RequestSpan
{
    /// <summary>
    /// Starts the span as <see cref="Activity.Current"/> of the calling request handler (an async method, which keeps
    /// the change to itself and what it awaits).
    /// </summary>
    public static Activity? Start(HttpContext context, string operation)
    {
        if (!DynasorActivity.Source.HasListeners())
            return null;
        var headers = context.Request.Headers;
        ActivityContext.TryParse(headers.TraceParent.ToString(), headers.TraceState.ToString(), isRemote: true, out var parent);
        // The span is the server's: without a client's context it starts a trace, not under ASP.NET Core's own
        // activity, which no exporter here records.
        if (parent == default)
            Activity.Current = null;
        var span = DynasorActivity.Source.StartActivity(operation, ActivityKind.Server, parent);
        if (span is null)
            return null;
        span.SetTag(GenAiConventions.OperationName, operation);
        span.SetTag(GenAiConventions.ProviderName, GenAiConventions.Provider);
        span.SetTag("http.request.method", context.Request.Method);
        span.SetTag("http.route", context.Request.Path.Value);
        return span;
    }

    /// <summary>Tags <paramref name="span"/> with how the request ended and ends it.</summary>
    public static void End(Activity? span, in RequestOutcome outcome, long upstreamTokens, string? replica)
    {
        if (span is null)
            return;
        if (outcome.RequestModel is { } model)
            span.DisplayName = $"{outcome.Operation} {model}";
        span.SetTag(GenAiConventions.RequestModel, outcome.RequestModel);
        span.SetTag(GenAiConventions.ResponseModel, outcome.ResponseModel);
        span.SetTag("dynasor.mode", outcome.Mode);
        span.SetTag("dynasor.upstream", replica);
        span.SetTag(GenAiConventions.StatusCode, outcome.Status);
        span.SetTag("gen_ai.usage.input_tokens", outcome.InputTokens);
        span.SetTag("gen_ai.usage.output_tokens", outcome.OutputTokens);
        span.SetTag(DynasorActivity.Tokens, upstreamTokens);
        if (outcome.ErrorType is { } error)
        {
            span.SetTag(GenAiConventions.ErrorType, error);
            // As for HTTP server spans, only a server-side failure marks the span failed; a client's error does not.
            if (outcome.Status >= 500)
                span.SetStatus(ActivityStatusCode.Error);
        }
        span.Dispose();
    }
}
