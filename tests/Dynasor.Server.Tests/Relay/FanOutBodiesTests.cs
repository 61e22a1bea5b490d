using System.Text;
using System.Text.Json;
using Dynasor.Server.Relay;

namespace Dynasor.Server.Tests.Relay;

public sealed class FanOutBodiesTests
{
    [Fact]
    public void Merge_TwoAnswers_ChoicesRenumberedCompletionSummedPromptOnce()
    {
        static byte[] Answer(string text, int tokens) => Encoding.UTF8.GetBytes(
            $"{{\"id\":\"a\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{{\"index\":0,\"message\":{{\"content\":\"{text}\"}},\"finish_reason\":\"stop\"}}],\"usage\":{{\"prompt_tokens\":9,\"completion_tokens\":{tokens},\"total_tokens\":{9 + tokens}}}}}");

        var merged = JsonDocument.Parse(FanOutBodies.Merge([Answer("x", 3), Answer("y", 4)])).RootElement;

        var choices = merged.GetProperty("choices");
        Assert.Equal([(0, "x"), (1, "y")], choices.EnumerateArray().Select(c => (c.GetProperty("index").GetInt32(), c.GetProperty("message").GetProperty("content").GetString()!)));
        Assert.Equal("{\"prompt_tokens\":9,\"completion_tokens\":7,\"total_tokens\":16}", merged.GetProperty("usage").GetRawText());
        Assert.Equal("fp_ollama", merged.GetProperty("system_fingerprint").GetString());
    }
}
