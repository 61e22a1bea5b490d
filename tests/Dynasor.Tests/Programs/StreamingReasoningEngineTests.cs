using Dynasor.Engines;
using Dynasor.Programs;

namespace Dynasor.Tests.Programs;

public class StreamingReasoningEngineTests
{
    private static ContinuationRequest Template(long? seed, string prefix = "") =>
        new([new ChatTurn("system", "Be brief."), new ChatTurn("user", "6 x 7?")], prefix, 512, new SamplingOptions(Temperature: 0.7, Seed: seed));

    [Fact]
    public async Task GenerateAsync_SampleIndex_SeedsWithBaseSeedPlusIndexOnAFreshTurn()
    {
        var engine = new SeededAnswerEngine(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var adapter = new StreamingReasoningEngine(engine, Template(100, prefix: "partial"));
        foreach (var i in new[] { 3, 0, 1 })
            await adapter.GenerateAsync(new GenerationRequest("label", i));
        Assert.Equal([103L, 100L, 101L], engine.Requests.Select(r => r.Sampling.Seed!.Value));
        Assert.All(engine.Requests, r => Assert.Equal("", r.AssistantPrefix));
        Assert.All(engine.Requests, r => Assert.Equal(0.7, r.Sampling.Temperature));
        Assert.All(engine.Requests, r => Assert.Equal("6 x 7?", r.Question));
        Assert.All(engine.Requests, r => Assert.Equal(512, r.MaxTokens));
    }

    [Fact]
    public async Task GenerateAsync_NoTemplateSeedAndAnExplicitLimit_SeedsFromZeroAndUsesTheLimit()
    {
        var engine = new SeededAnswerEngine(_ => "1");
        var adapter = new StreamingReasoningEngine(engine, Template(null));
        await adapter.GenerateAsync(new GenerationRequest("q", 5, MaxTokens: 64));
        Assert.Equal(5, engine.Requests[0].Sampling.Seed);
        Assert.Equal(64, engine.Requests[0].MaxTokens);
    }

    [Fact]
    public async Task GenerateAsync_MultiTokenPieces_CollectsTextAndCountsPerToken()
    {
        var adapter = new StreamingReasoningEngine(new SeededAnswerEngine(_ => "42") { TokensPerPiece = 3 }, Template(1));
        var generation = await adapter.GenerateAsync(new GenerationRequest("q", 0));
        Assert.Equal("Working it out: \\boxed{42}", generation.Text);
        Assert.Equal(12, generation.Tokens);
        Assert.Null(generation.Answer);
        Assert.Equal("stop", adapter.FinishOf(0));
    }

    [Fact]
    public async Task GenerateAsync_EverythingInTheReasoningField_UsesTheReasoningAsText()
    {
        var adapter = new StreamingReasoningEngine(new SeededAnswerEngine(_ => "42") { AsReasoning = true }, Template(1));
        var generation = await adapter.GenerateAsync(new GenerationRequest("q", 0));
        Assert.Equal("Working it out: \\boxed{42}", generation.Text);
    }
}
