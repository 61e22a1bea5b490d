using System.Text;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Tests.OpenAi;

public sealed class RequestParserTests
{
    private static readonly RequestLimits Limits = new(MaxTokens: 1000, DefaultMaxTokens: 100, MaxChoices: 4);

    private static OpenAiRequest Chat(string json, DynasorSettings? defaults = null) =>
        RequestParser.ParseChat(Encoding.UTF8.GetBytes(json), Limits, defaults ?? new DynasorSettings());

    [Fact]
    public void ParseChat_AllSamplingFields_AreRead()
    {
        var request = Chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}],"
            + "\"n\":2,\"max_tokens\":50,\"temperature\":0.7,\"top_p\":0.9,\"seed\":5,\"stop\":\"END\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"ignored\"}");

        Assert.Equal("ab", request.Messages[0].Content);
        Assert.Equal((2, 50, true, true), (request.N, request.MaxTokens, request.Stream, request.IncludeUsage));
        Assert.Equal((0.7, 0.9, 5L), (request.Sampling.Temperature!.Value, request.Sampling.TopP!.Value, request.Sampling.Seed!.Value));
        Assert.Equal(["END"], request.Sampling.Stop!);
    }

    [Fact]
    public void ParseChat_MaxCompletionTokens_WinsOverMaxTokens()
    {
        Assert.Equal(30, Chat("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"max_tokens\":50,\"max_completion_tokens\":30}").MaxTokens);
    }

    [Fact]
    public void ParseChat_NoLimit_UsesServerDefault()
    {
        Assert.Equal(100, Chat("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}").MaxTokens);
    }

    [Fact]
    public void ParseChat_DynasorObject_LaidOverServerDefaults()
    {
        var defaults = new DynasorSettings(Effort: "low", MaxSamples: 8);

        var settings = Chat("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"dynasor\":{\"effort\":\"high\",\"probe_interval\":32}}", defaults).Dynasor;

        Assert.Equal(new DynasorSettings(Effort: "high", ProbeInterval: 32, MaxSamples: 8), settings);
    }

    [Fact]
    public void ParseChat_ContinueWithoutAssistantTurn_400()
    {
        var error = Assert.Throws<OpenAiException>(() => Chat("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"continue_final_message\":true}"));

        Assert.Equal((400, "messages"), (error.StatusCode, error.Param));
    }

    [Theory]
    [InlineData("\"n\":5", "n")]
    [InlineData("\"top_p\":0", "top_p")]
    [InlineData("\"temperature\":2.5", "temperature")]
    [InlineData("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "stop")]
    [InlineData("\"seed\":1.5", "seed")]
    [InlineData("\"stream_options\":{\"include_usage\":1}", "stream_options.include_usage")]
    public void ParseChat_OutOfRange_400NamingField(string field, string param)
    {
        var error = Assert.Throws<OpenAiException>(() => Chat($"{{\"messages\":[{{\"role\":\"user\",\"content\":\"q\"}}],{field}}}"));

        Assert.Equal((400, param), (error.StatusCode, error.Param));
    }

    [Theory]
    [InlineData("@../secret.json")]
    [InlineData("@/etc/passwd")]
    [InlineData("@")]
    public void ParseChat_PolicyFileAsPath_400(string policy)
    {
        var error = Assert.Throws<OpenAiException>(() => Chat($"{{\"messages\":[{{\"role\":\"user\",\"content\":\"q\"}}],\"dynasor\":{{\"policy\":\"{policy}\"}}}}"));

        Assert.Equal("dynasor.policy", error.Param);
    }

    [Fact]
    public void ResolvePolicy_BareFileName_LooksInPolicyDirectory()
    {
        var options = new Dynasor.Server.Hosting.ServerOptions(PolicyDirectory: "/srv/policies");

        Assert.Equal("@" + Path.Combine("/srv/policies", "gsm8k.json"), options.ResolvePolicy("@gsm8k.json"));
        Assert.Equal("ac:confidence=0.9", options.ResolvePolicy("ac:confidence=0.9"));
    }
}
