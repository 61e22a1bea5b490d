using System.Text;
using Dynasor.Traces;

namespace Dynasor.Tests.Traces;

/// <summary>The optional <c>chain</c> field of a sample and the optional <c>question</c> text, as written and read back.</summary>
public class TraceChainTests
{
    private static readonly TraceChain Chain = new(64, 20, 1210, Exited: true,
        [new TraceProbe(64, "", 0, Hedged: false), new TraceProbe(128, "42", 2, Hedged: true), new TraceProbe(192, "\\frac{1}{2}", 7)]) { Window = 3 };

    [Fact]
    public void WriteThenRead_ChainAndQuestion_RoundTrip()
    {
        var question = new TraceQuestion("p:1", "live/cot", "m", null, [new TraceSample("42", 1212) { Chain = Chain }]) { Question = "What is 6*7?" };

        var read = ReadBack(question);

        Assert.Equal("What is 6*7?", read.Question);
        var chain = read.Samples[0].Chain!;
        Assert.Equal((64, 20, 1210, true, (int?)3), (chain.ProbeInterval, chain.ProbeTokens, chain.Tokens, chain.Exited, chain.Window));
        Assert.Equal(Chain.Probes, chain.Probes);
    }

    [Fact]
    public void Write_SampleWithChain_WritesTheDocumentedFieldNames()
    {
        var line = Write(new TraceQuestion("q", null, null, null, [new TraceSample("42", 1212) { Chain = Chain }]));

        Assert.Contains("\"chain\":{\"interval\":64,\"probe_tokens\":20,\"window\":3,\"tokens\":1210,\"exited\":true,\"probes\":[{\"at\":64,\"answer\":\"\",\"tokens\":0,\"hedged\":false},", line);
    }

    [Fact]
    public void Read_SampleWithoutChain_HasNullChain()
    {
        var read = TraceReader.ParseLine("{\"id\":\"q\",\"samples\":[{\"answer\":\"1\",\"tokens\":3}]}", "t.jsonl", 1);

        Assert.Null(read.Samples[0].Chain);
        Assert.Null(read.Question);
    }

    [Fact]
    public void Read_MinimalChain_DefaultsExitedWindowAndProbeFields()
    {
        var read = TraceReader.ParseLine("{\"id\":\"q\",\"samples\":[{\"answer\":\"1\",\"tokens\":300,\"chain\":{\"interval\":32,\"probe_tokens\":20,\"tokens\":300,\"probes\":[{\"at\":64}]}}]}", "t.jsonl", 1);

        var chain = read.Samples[0].Chain!;
        Assert.False(chain.Exited);
        Assert.Null(chain.Window);
        Assert.Equal(new TraceProbe(64, "", 0, false), chain.Probes[0]);
    }

    [Theory]
    [InlineData("{\"interval\":64,\"probe_tokens\":20,\"tokens\":300,\"probes\":[{\"at\":100}]}", "samples[0].chain.probes[0].at 100 must be a multiple of the chain's interval 64")]
    [InlineData("{\"interval\":64,\"probe_tokens\":20,\"tokens\":300,\"probes\":[{\"at\":128},{\"at\":64}]}", "samples[0].chain.probes[1].at 64 must be a multiple of the chain's interval 64 above the previous probe's 128")]
    [InlineData("{\"interval\":0,\"probe_tokens\":20,\"tokens\":300,\"probes\":[]}", "samples[0].chain.interval must be an integer of at least 1, got 0")]
    [InlineData("{\"interval\":64,\"probe_tokens\":20,\"tokens\":300}", "samples[0].chain.probes is missing or not an array")]
    [InlineData("[1]", "samples[0].chain must be an object")]
    public void Read_BadChain_NamesFileLineAndField(string chain, string expected)
    {
        var e = Assert.Throws<TraceFormatException>(() =>
            TraceReader.ParseLine($"{{\"id\":\"q\",\"samples\":[{{\"answer\":\"1\",\"tokens\":3,\"chain\":{chain}}}]}}", "t.jsonl", 7));

        Assert.StartsWith("t.jsonl:7: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Write_ChainWithProbeOffItsInterval_ThrowsBeforeWritingAnything()
    {
        var bad = new TraceQuestion("q", null, null, null, [new TraceSample("1", 3) { Chain = new TraceChain(64, 20, 300, false, [new TraceProbe(100, "1")]) }]);
        using var stream = new MemoryStream();
        using var writer = new TraceWriter(stream, leaveOpen: true);

        var e = Assert.Throws<ArgumentException>(() => writer.Write(bad));

        Assert.Contains("probes must be at ascending multiples of the interval 64", e.Message);
        Assert.Equal(0, stream.Length);
    }

    private static string Write(TraceQuestion question)
    {
        using var stream = new MemoryStream();
        using (var writer = new TraceWriter(stream, leaveOpen: true))
            writer.Write(question);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static TraceQuestion ReadBack(TraceQuestion question) =>
        TraceReader.Read(new StringReader(Write(question)), "memory").Single();
}
