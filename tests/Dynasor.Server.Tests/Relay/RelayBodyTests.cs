using System.Text;
using Dynasor.Server.Relay;

namespace Dynasor.Server.Tests.Relay;

public sealed class RelayBodyTests
{
    private static string Rewrite(string body, RelayEdits edits) => Encoding.UTF8.GetString(RelayBody.Rewrite(Encoding.UTF8.GetBytes(body), edits).Span);

    [Fact]
    public void Rewrite_NoEdit_TheClientsBytesAsSent()
    {
        var body = Encoding.UTF8.GetBytes("{ \"model\" : \"m\",\n  \"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 \\\"q\\\"\"}], \"top_k\": 5 }");

        var forwarded = RelayBody.Rewrite(body, new RelayEdits());

        Assert.True(forwarded.Span.SequenceEqual(body));
    }

    [Fact]
    public void Rewrite_DynasorObject_RemovedAndEveryOtherPropertyKeptAsWritten()
    {
        var forwarded = Rewrite("{\"model\":\"m\",\"dynasor\":{\"mode\":\"off\"},\"messages\":[{\"role\":\"user\",\"content\":\"\\u00e9\"}],\"tools\":[{\"type\":\"function\"}]}", new RelayEdits());

        Assert.Equal("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\u00e9\"}],\"tools\":[{\"type\":\"function\"}]}", forwarded);
    }

    [Theory]
    [InlineData("{\"stream\":true}", "{\"stream\":true,\"stream_options\":{\"include_usage\":true}}")]
    [InlineData("{\"stream\":true,\"stream_options\":null}", "{\"stream\":true,\"stream_options\":{\"include_usage\":true}}")]
    [InlineData("{\"stream_options\":{\"continuous_usage_stats\":true,\"include_usage\":false}}", "{\"stream_options\":{\"continuous_usage_stats\":true,\"include_usage\":true}}")]
    [InlineData("{\"stream_options\":{\"include_usage\":true}}", "{\"stream_options\":{\"include_usage\":true}}")]
    public void Rewrite_IncludeUsage_SetKeepingTheClientsOtherStreamOptions(string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, new RelayEdits(IncludeUsage: true)));

    [Fact]
    public void Rewrite_AliasPriorityAndFannedOutChoice_OnlyThoseFieldsChange()
    {
        var forwarded = Rewrite("{\"model\":\"gpt-4o\",\"n\":3,\"seed\":10,\"priority\":-7,\"user\":\"u\"}", new RelayEdits(Model: "Qwen/QwQ-32B", Priority: 1200, RemoveN: true, Seed: 12));

        Assert.Equal("{\"model\":\"Qwen/QwQ-32B\",\"seed\":12,\"priority\":1200,\"user\":\"u\"}", forwarded);
    }

    [Fact]
    public void Rewrite_EditedFieldsTheClientDidNotSend_Added()
    {
        Assert.Equal("{\"messages\":[],\"model\":\"m\",\"priority\":3}", Rewrite("{\"messages\":[]}", new RelayEdits(Model: "m", Priority: 3)));
    }
}
