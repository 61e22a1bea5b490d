using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;
using Dynasor.Server.Upstream;
using Dynasor.SimEngine;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>
/// Traces of real requests over loopback, caught by a listener as a tracer would: the request's server span continues
/// the client's <c>traceparent</c> and parents the program's steps, and every upstream request carries a
/// <c>traceparent</c> that names a span of the same trace.
/// </summary>
public sealed class TracingTests
{
    private static readonly string[] Sources = ["Dynasor", "System.Net.Http"];

    [Fact]
    public async Task Trace_CotRequest_RequestSpanParentsTheRunWhichParentsEachChunkAndProbe()
    {
        using var spans = new SpanCollector(Sources);
        await using var engine = Instant();
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(engine));
        var dynasor = await PostAsync(server.Url, spans, ",\"max_tokens\":4000,\"dynasor\":{\"mode\":\"cot\",\"effort\":\"high\"}");
        await spans.ServerSpanEndedAsync();

        var request = RequestSpan(spans);
        var run = Assert.Single(spans.ChildrenOf(request));
        Assert.Equal("dynasor.cot", run.OperationName);
        var steps = spans.ChildrenOf(run);
        var chunks = steps.Where(s => s.OperationName == "dynasor.cot.chunk").OrderBy(s => s.StartTimeUtc).ToList();
        var probes = steps.Where(s => s.OperationName == "dynasor.cot.probe").ToList();
        Assert.Equal(steps.Count, chunks.Count + probes.Count);
        // A probe is launched at each chunk boundary, beside the next chunk; the high preset's chunks are 64 tokens.
        Assert.Equal(chunks.Count - 1, probes.Count);
        Assert.Equal(Enumerable.Range(0, chunks.Count).Select(i => 64L * i), chunks.Select(c => (long)c.GetTagItem("dynasor.cot.position")!));
        Assert.True(probes.Count >= dynasor.GetProperty("probes").GetInt32());
        Assert.Equal(dynasor.GetProperty("upstream_tokens").GetInt64(), (long)run.GetTagItem("dynasor.tokens")!);
        Assert.Equal(run.GetTagItem("dynasor.tokens"), steps.Sum(s => Convert.ToInt64(s.GetTagItem("dynasor.tokens"))));
    }

    [Fact]
    public async Task Trace_ScRequest_RequestSpanParentsTheRunItsWavesAndTheirSamples()
    {
        using var spans = new SpanCollector(Sources);
        await using var engine = Instant();
        await using var server = await RunningServer.StartAsync(SimulatedServing.Serve(engine));
        await PostAsync(server.Url, spans, ",\"max_tokens\":4000,\"dynasor\":{\"mode\":\"sc\",\"max_samples\":8}");
        await spans.ServerSpanEndedAsync();

        var run = Assert.Single(spans.ChildrenOf(RequestSpan(spans)));
        Assert.Equal("dynasor.sc", run.OperationName);
        var waves = spans.ChildrenOf(run);
        Assert.All(waves, w => Assert.Equal("dynasor.sc.wave", w.OperationName));
        var samples = waves.SelectMany(spans.ChildrenOf).ToList();
        Assert.All(samples, s => Assert.Equal("dynasor.sc.sample", s.OperationName));
        Assert.Equal(waves.Sum(w => (int)w.GetTagItem("dynasor.sc.wave.size")!), samples.Count);
        Assert.Equal(run.GetTagItem("dynasor.sc.samples"), samples.Count);
        Assert.Equal(Enumerable.Range(0, samples.Count), samples.Select(s => (int)s.GetTagItem("dynasor.sample.index")!).Order());
    }

    [Fact]
    public async Task Trace_RelayedAndCotRequestsOverHttp_EachUpstreamRequestCarriesATraceparentOfItsCallsSpan()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        var options = new UpstreamOptions(new Uri(upstream.Url), Model: "m", Timeout: TimeSpan.FromSeconds(30), ConnectRetries: 0, Dialect: "openai").Validate();
        await using var server = await RunningServer.StartAsync(ServedEngine.ForUpstream(new UpstreamEngine(options, new HttpClient(), TimeProvider.System)));

        using var relayed = new SpanCollector(Sources);
        await PostAsync(server.Url, relayed, ",\"stream\":true,\"max_tokens\":5", stream: true);
        await relayed.ServerSpanEndedAsync();
        using var cot = new SpanCollector(Sources);
        await PostAsync(server.Url, cot, ",\"max_tokens\":40,\"dynasor\":{\"mode\":\"cot\",\"probe_interval\":16}");
        await cot.ServerSpanEndedAsync();

        // The relay's one upstream call hangs from the request span.
        var relayCall = Assert.Single(UpstreamCalls(upstream, relayed));
        Assert.Equal(RequestSpan(relayed).SpanId, relayCall.ParentSpanId);
        Assert.Equal((ActivityKind.Client, "chat"), (relayCall.Kind, relayCall.OperationName));
        // Dynasor-CoT: a chain of 40 tokens in chunks of 16, 16 and 8, and a probe at each of the two boundaries.
        var calls = UpstreamCalls(upstream, cot);
        var parents = calls.Select(c => Assert.Single(cot.Spans, s => s.SpanId == c.ParentSpanId).OperationName).ToList();
        Assert.Equal(5, calls.Count);
        Assert.Equal(3, parents.Count(p => p == "dynasor.cot.chunk"));
        Assert.Equal(2, parents.Count(p => p == "dynasor.cot.probe"));
        Assert.All(calls, c => Assert.Equal(("chat m", "m"), (c.DisplayName, (string)c.GetTagItem("gen_ai.request.model")!)));
    }

    // The Dynasor client spans of the calls the upstream saw in this trace: each traceparent names the HttpClient span
    // sent, whose parent is Dynasor's span of that call.
    private static List<Activity> UpstreamCalls(RecordingUpstream upstream, SpanCollector spans)
    {
        var seen = upstream.TraceParents.Where(t => t.Contains(spans.TraceId.ToString(), StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(seen);
        return seen.Select(header =>
        {
            Assert.Matches($"^00-{spans.TraceId}-[0-9a-f]{{16}}-01$", header);
            var http = Assert.Single(spans.Spans, s => s.SpanId.ToString() == header.Split('-')[2]);
            Assert.Equal(("System.Net.Http", ActivityKind.Client), (http.Source.Name, http.Kind));
            return Assert.Single(spans.Spans, s => s.SpanId == http.ParentSpanId && s.Source.Name == "Dynasor");
        }).ToList();
    }

    private static Activity RequestSpan(SpanCollector spans)
    {
        var request = Assert.Single(spans.Spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal(spans.ClientSpanId, request.ParentSpanId);
        Assert.Equal(("chat m", 200), (request.DisplayName, (int)request.GetTagItem("http.response.status_code")!));
        return request;
    }

    private static SimulatedEngine Instant() => new(new SimEngineOptions { TimeScale = 0, ModelName = "m" }, TimeProvider.System);

    // Posts a chat request in the collector's trace; returns its dynasor object (whole answers) or reads the stream to its end.
    private static async Task<JsonElement> PostAsync(string url, SpanCollector spans, string extra, bool stream = false)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, url + "/v1/chat/completions")
        {
            Content = new StringContent(Http.Chat(extra, "Sim question 7: what is the answer?"), Encoding.UTF8, "application/json"),
        };
        message.Headers.TryAddWithoutValidation("traceparent", spans.TraceParent);
        using var response = await Http.Client.SendAsync(message);
        Assert.Equal(200, (int)response.StatusCode);
        if (stream)
        {
            Assert.Equal("[DONE]", (await Http.EventsAsync(response))[^1]);
            return default;
        }
        return (await Http.JsonAsync(response)).GetProperty("dynasor");
    }
}
