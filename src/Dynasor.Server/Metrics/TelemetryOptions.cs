using OpenTelemetry.Exporter;

namespace Dynasor.Server.Metrics;

/// <summary>
/// Where the server sends its traces and metrics over OTLP, besides serving metrics at <c>/metrics</c>. Immutable;
/// made by <see cref="Parse"/> (which names the setting a bad value came from) and checked again by <see cref="Validate"/>.
/// </summary>
/// <param name="OtlpEndpoint">
/// The collector's base URL, as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> gives it: <c>http://collector:4317</c> for gRPC;
/// for http/protobuf <c>/v1/traces</c> and <c>/v1/metrics</c> are appended. Null: no OTLP export (and no traces).
/// </param>
/// <param name="Protocol">gRPC or http/protobuf; null: gRPC (the .NET exporter's default) unless the environment says otherwise.</param>
public sealed record TelemetryOptions(Uri? OtlpEndpoint = null, OtlpExportProtocol? Protocol = null)
{
    /// <summary>The standard variable an unset endpoint falls back to.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard variable an unset protocol falls back to.</summary>
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>
    /// The settings from, in order of precedence, the command line, the config file (<paramref name="configured"/>) and the
    /// environment (<paramref name="environment"/> reads a variable); throws <see cref="ArgumentException"/> naming the bad
    /// setting and the fix.
    /// </summary>
    public static TelemetryOptions Parse(string? endpoint, string? protocol, TelemetryOptions? configured, Func<string, string?> environment)
    {
        var result = configured ?? new TelemetryOptions();
        if (endpoint is not null)
            result = result with { OtlpEndpoint = ParseEndpoint(endpoint, "--otlp-endpoint") };
        else if (result.OtlpEndpoint is null && environment(EndpointVariable) is { Length: > 0 } fromEnvironment)
            result = result with { OtlpEndpoint = ParseEndpoint(fromEnvironment, EndpointVariable) };
        if (protocol is not null)
            result = result with { Protocol = ParseProtocol(protocol, "--otlp-protocol") };
        else if (result.Protocol is null && environment(ProtocolVariable) is { Length: > 0 } protocolFromEnvironment)
            result = result with { Protocol = ParseProtocol(protocolFromEnvironment, ProtocolVariable) };
        return result.Validate();
    }

    /// <summary>An OTLP endpoint URL, or an error naming <paramref name="name"/> (the option or variable it came from) and the fix.</summary>
    public static Uri ParseEndpoint(string value, string name) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && string.IsNullOrEmpty(uri.Query)
            ? uri
            : throw new ArgumentException($"{name} '{value}' is not an http(s) URL of an OTLP collector; give its base URL, e.g. http://localhost:4317 (gRPC) or http://localhost:4318 with http/protobuf.");

    /// <summary>An OTLP protocol by its standard name (<c>grpc</c>, <c>http/protobuf</c>), or an error naming <paramref name="name"/>.</summary>
    public static OtlpExportProtocol ParseProtocol(string value, string name) => value.Trim() switch
    {
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new ArgumentException($"{name} '{value}' is not an OTLP protocol this server speaks; use grpc or http/protobuf."),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and the fix.</summary>
    public TelemetryOptions Validate()
    {
        if (OtlpEndpoint is { } endpoint)
            ParseEndpoint(endpoint.OriginalString, "otlp_endpoint");
        if (Protocol is { } protocol && !Enum.IsDefined(protocol))
            throw new ArgumentException($"otlp_protocol {Protocol} is unknown; use grpc or http/protobuf.");
        return this;
    }

    /// <summary>The protocol in effect.</summary>
    public OtlpExportProtocol EffectiveProtocol => Protocol ?? OtlpExportProtocol.Grpc;

    /// <summary>The URL one signal is exported to: the endpoint itself for gRPC, the endpoint plus <c>v1/{signal}</c> for http/protobuf.</summary>
    public Uri SignalEndpoint(string signal) => EffectiveProtocol == OtlpExportProtocol.HttpProtobuf
        ? new Uri(OtlpEndpoint!.AbsoluteUri.TrimEnd('/') + "/v1/" + signal)
        : OtlpEndpoint!;
}
