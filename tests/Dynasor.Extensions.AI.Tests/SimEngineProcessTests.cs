using Dynasor.Extensions.AI.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI.Tests;

/// <summary>The middleware over the OpenAI client against the real <c>dynasor sim-engine</c> process, as the sample runs it.</summary>
public sealed class SimEngineProcessTests
{
    [Fact]
    public async Task GetResponseAsync_CotOverOpenAiClientAgainstSimEngineProcess_ExitsEarlyWithBoxedAnswer()
    {
        await using var engine = await SimEngineProcess.StartAsync("--time-scale", "0", "--model", "m");
        using var client = SimServers.OpenAi(engine.Url).AsBuilder().UseDynasorCot("mid").Build();

        var response = await client.GetResponseAsync("What is 17*23?", new ChatOptions { Seed = 3, MaxOutputTokens = 8192 });

        var report = DynasorReport.From(response)!;
        Assert.True(report.ExitedEarly);
        Assert.EndsWith(@"\boxed{" + report.Answer + @"} \]", response.Text);
        Assert.True(report.UpstreamTokens > response.Usage!.OutputTokenCount, "probes cost upstream tokens the caller does not receive");
    }
}
