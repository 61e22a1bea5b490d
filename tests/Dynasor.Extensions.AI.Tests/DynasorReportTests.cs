using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI.Tests;

/// <summary><see cref="DynasorReport"/>: the server's <c>dynasor</c> object, found on responses and updates.</summary>
public sealed class DynasorReportTests
{
    [Fact]
    public void ToString_ServersFieldNames()
    {
        var report = new DynasorReport("cot", true, 7, 1.0, new Dictionary<string, int> { ["42"] = 3 }, 1234) { Answer = "42" };

        Assert.Equal("""{"mode":"cot","exited_early":true,"probes":7,"certaindex":1,"votes":{"42":3},"upstream_tokens":1234,"samples":0,"waves":0,"answer":"42"}""", report.ToString());
    }

    [Fact]
    public void From_ResponseWithoutReport_Null()
    {
        Assert.Null(DynasorReport.From(new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi"))));
        Assert.Null(DynasorReport.From(new ChatResponseUpdate(ChatRole.Assistant, "hi")));
    }
}
