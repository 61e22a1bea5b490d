using System.Diagnostics;
using System.Text;
using Dynasor.Server.Hosting;
using Dynasor.Server.Metrics;
using Dynasor.Server.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>A server with an OTLP endpoint sends its spans and metrics to the collector there (flushed on demand, not on a timer).</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Otlp_HttpProtobufEndpoint_CollectorReceivesTheRequestsSpansAndTheMetrics()
    {
        await using var collector = await FakeCollector.StartAsync();
        var options = new ServerOptions(Host: "127.0.0.1", Port: 0, Telemetry: new TelemetryOptions(new Uri(collector.Url), OtlpExportProtocol.HttpProtobuf)).Validate();
        await using var app = DynasorServer.Build(options, RunningServer.Served(new ScriptedEngine()), logging: l => l.ClearProviders());
        var url = await DynasorServer.StartAsync(app);
        // A client in a sampled trace: the server's spans join it (a parent that is not sampled would leave them unrecorded).
        var trace = ActivityTraceId.CreateRandom();
        using (var message = new HttpRequestMessage(HttpMethod.Post, url + "/v1/chat/completions") { Content = new StringContent(Http.Chat(), Encoding.UTF8, "application/json") })
        {
            message.Headers.TryAddWithoutValidation("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
            using var response = await Http.Client.SendAsync(message);
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));
        // False for the pull-only Prometheus reader beside it; the OTLP reader exports all the same.
        app.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000);

        var traces = collector.Text("/v1/traces");
        Assert.Contains("chat m", traces);
        Assert.Contains("gen_ai.operation.name", traces);
        Assert.Contains("service.name", traces);
        var traceBytes = new byte[16];
        trace.CopyTo(traceBytes);
        Assert.Contains(collector.Exports, e => e.Path == "/v1/traces" && e.Body.AsSpan().IndexOf(traceBytes) >= 0);
        var metrics = collector.Text("/v1/metrics");
        Assert.Contains("gen_ai.server.request.duration", metrics);
        Assert.Contains("dynasor.client.tokens", metrics);
    }

    [Fact]
    public async Task Otlp_GrpcEndpointTheDefault_CollectorReceivesTheRequestsSpans()
    {
        await using var collector = await FakeCollector.StartAsync(grpc: true);
        var options = new ServerOptions(Host: "127.0.0.1", Port: 0, Telemetry: new TelemetryOptions(new Uri(collector.Url))).Validate();
        await using var app = DynasorServer.Build(options, RunningServer.Served(new ScriptedEngine()), logging: l => l.ClearProviders());
        var url = await DynasorServer.StartAsync(app);
        using (var message = new HttpRequestMessage(HttpMethod.Post, url + "/v1/chat/completions") { Content = new StringContent(Http.Chat(), Encoding.UTF8, "application/json") })
        {
            message.Headers.TryAddWithoutValidation("traceparent", $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01");
            using var response = await Http.Client.SendAsync(message);
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));

        Assert.Contains("chat m", collector.Text(FakeCollector.GrpcTraces));
    }
}
