using OpenTelemetry.Trace;

namespace Dynasor.Server.Metrics;

/// <summary>
/// Decides for spans that start a trace: every one but an HTTP client call made outside any request (the health probes
/// every few seconds, an export), which would otherwise be a trace of its own each time. Used under
/// <see cref="ParentBasedSampler"/>, so a span with a parent follows its parent's decision.
/// </summary>
internal sealed class RootSampler : Sampler
{
    // The activity .NET's HttpClient starts for each request (its "System.Net.Http" source).
    private const string HttpClientSpan = "System.Net.Http.HttpRequestOut";

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.Name == HttpClientSpan ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
}
