using Dynasor.Server.Dialects;
using Dynasor.Server.Tests.EngineFakes;
using Dynasor.Server.Tests.EngineFakes.Protocol;

namespace Dynasor.Server.Tests.Dialects;

/// <summary>Each engine fake (each reproducing its engine's discovery routes) is told apart from what it reveals.</summary>
[Collection(EngineFakesCollection.Name)]
public sealed class DialectDetectorTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [SkippableTheory]
    [MemberData(nameof(Conformance.EngineUnderTest.Dialects), MemberType = typeof(Conformance.EngineUnderTest))]
    public async Task Detect_EachEngine_ItsDialect(string dialect)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await Conformance.EngineUnderTest.StartAsync(dialect);

        var detected = await DialectDetector.DetectAsync(Http, new Uri(engine.Engine.Url + "/v1"), null, CancellationToken.None);

        Assert.Equal(dialect, detected!.Name);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Detect_Sglang_ReasoningParserFromServerInfo(bool parser)
    {
        FakeHttp.SkipWithoutModel();
        await using var engine = await Conformance.EngineUnderTest.StartAsync("sglang", new FakeEngineOptions { ReasoningParser = parser });

        var detected = await DialectDetector.DetectAsync(Http, new Uri(engine.Engine.Url + "/v1"), null, CancellationToken.None);

        // Server info lists reasoning_parser when one runs; without it the parser is taken to be off.
        Assert.Equal(parser, detected!.ReasoningParser ?? false);
    }

    [Fact]
    public async Task Detect_NothingListening_Null()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        Assert.Null(await DialectDetector.DetectAsync(Http, new Uri($"http://127.0.0.1:{port}/v1"), null, CancellationToken.None));
    }
}
