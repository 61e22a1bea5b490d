using Dynasor.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dynasor.Server.Metrics;

/// <summary>
/// Wires the OpenTelemetry SDK into a server: its <see cref="ServerMetrics"/> as Prometheus text at <c>/metrics</c>
/// (collected on each scrape) and, when an OTLP endpoint is set, metrics and traces over OTLP. Traces carry the
/// <c>Dynasor</c> source's spans (request, program steps, upstream calls) and HttpClient's own client spans, whose ids
/// go upstream in the W3C <c>traceparent</c> header. The service is named <c>dynasor</c> unless
/// <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c> say otherwise.
/// </summary>
internal static class ServerTelemetry
{
    /// <summary>The path metrics are scraped at.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Adds the SDK's providers to <paramref name="builder"/>'s services.</summary>
    public static void Add(WebApplicationBuilder builder, ServerMetrics metrics, TelemetryOptions? telemetry)
    {
        var otlp = telemetry?.OtlpEndpoint is not null ? telemetry : null;
        var sdk = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("dynasor", serviceVersion: metrics.Meter.Version).AddEnvironmentVariableDetector());
        sdk.WithMetrics(m =>
        {
            // Every server in a process has a meter of the same name: each provider reads its own server's only.
            m.AddMeter(ServerMetrics.MeterName)
                .AddView(instrument => instrument.Meter == metrics.Meter ? null : MetricStreamConfiguration.Drop)
                .AddPrometheusExporter(o =>
                {
                    // Collected on each scrape, not served from a cache up to 300 ms old.
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    // One meter: otel_scope_name/otel_scope_version labels on every series would tell nothing apart.
                    o.ScopeInfoEnabled = false;
                });
            if (otlp is not null)
                m.AddOtlpExporter(o => Configure(o, otlp, "metrics"));
        });
        if (otlp is not null)
        {
            sdk.WithTracing(t => t.AddSource(DynasorActivity.SourceName, "System.Net.Http")
                .SetSampler(new ParentBasedSampler(new RootSampler()))
                .AddOtlpExporter(o => Configure(o, otlp, "traces")));
        }
    }

    /// <summary>Serves the Prometheus text at <see cref="MetricsPath"/> (GET only), behind the app's middleware like any route.</summary>
    public static void MapMetrics(WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(new HttpMethodMetadata(["GET"]));

    private static void Configure(OtlpExporterOptions options, TelemetryOptions telemetry, string signal)
    {
        options.Protocol = telemetry.EffectiveProtocol;
        options.Endpoint = telemetry.SignalEndpoint(signal);
    }
}
