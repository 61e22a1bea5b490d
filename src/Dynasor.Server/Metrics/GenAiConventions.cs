namespace Dynasor.Server.Metrics;

/// <summary>
/// The OpenTelemetry GenAI semantic conventions Dynasor follows: metric names, attribute keys and the histogram bucket
/// boundaries they advise (semantic-conventions, docs/gen-ai/gen-ai-metrics.md, status Development, as of v1.41:
/// <c>gen_ai.client.token.usage</c> {token}, <c>gen_ai.server.request.duration</c>,
/// <c>gen_ai.server.time_per_output_token</c> and <c>gen_ai.server.time_to_first_token</c> in s, each "SHOULD be
/// specified with ExplicitBucketBoundaries" of the lists below).
/// </summary>
internal static class GenAiConventions
{
    public const string RequestDuration = "gen_ai.server.request.duration";
    public const string TimeToFirstToken = "gen_ai.server.time_to_first_token";
    public const string TimePerOutputToken = "gen_ai.server.time_per_output_token";
    public const string TokenUsage = "gen_ai.client.token.usage";

    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string TokenType = "gen_ai.token.type";
    public const string ErrorType = "error.type";
    public const string StatusCode = "http.response.status_code";

    /// <summary>The provider the server's metrics name: Dynasor itself, the server the client talked to (a custom value, as the conventions allow).</summary>
    public const string Provider = "dynasor";

    /// <summary><c>gen_ai.server.request.duration</c>'s advised boundaries, seconds.</summary>
    public static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary><c>gen_ai.server.time_to_first_token</c>'s advised boundaries, seconds.</summary>
    public static readonly double[] FirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    /// <summary><c>gen_ai.server.time_per_output_token</c>'s advised boundaries, seconds.</summary>
    public static readonly double[] OutputTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];

    /// <summary><c>gen_ai.client.token.usage</c>'s advised boundaries, tokens.</summary>
    public static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>The operation a route performs: <c>chat</c> or <c>text_completion</c> (the conventions' well-known values).</summary>
    public static string Operation(bool chat) => chat ? "chat" : "text_completion";
}
