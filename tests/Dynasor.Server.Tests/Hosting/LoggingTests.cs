using Dynasor.Server.Hosting;
using Dynasor.Server.Tests.Fakes;
using Dynasor.Server.Upstream;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>Prompts, outputs and the upstream key never reach the logs, at any level.</summary>
[Collection(ServerCollection.Name)]
public sealed class LoggingTests(ServerFixture servers)
{
    [Fact]
    public async Task Chat_FailingAndSucceedingUpstream_LogsNoPromptOutputOrKey()
    {
        var logs = new CapturingLoggerProvider();
        var messages = new List<string>();
        foreach (var kind in new[] { "ok", "reject", "unreachable" })
        {
            var url = kind == "unreachable" ? servers.UnreachableUpstream : $"{servers.Upstream.Url}/{kind}/v1";
            var upstream = new UpstreamEngine(new UpstreamOptions(new Uri(url), ServerFixture.UpstreamKey), new HttpClient(), TimeProvider.System);
            var options = new ServerOptions(Port: 0);
            await using var app = DynasorServer.Build(options, ServedEngine.ForUpstream(upstream),
                logging: l => l.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace).AddFilter((_, _) => true));
            var root = await DynasorServer.StartAsync(app);
            using var response = await Http.PostAsync(root + "/v1/chat/completions", Http.Chat(content: "SECRET-PROMPT-7781"));
            messages.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Contains(logs.Messages, m => m.Contains("Upstream failure", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("SECRET-PROMPT-7781", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("The answer", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(ServerFixture.UpstreamKey, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(ServerFixture.UpstreamKey, StringComparison.Ordinal));
    }
}
