using System.Text;
using System.Text.Json;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Tests.Upstream;

public sealed class UpstreamChunkTests
{
    public static TheoryData<string> Chunks => new()
    {
        """{"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" the"},"logprobs":null,"finish_reason":null}]}""",
        """{"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
        """{"choices":[{"delta":{"reasoning_content":"hmm","content":null}}]}""",
        """{"choices":[{"delta":{"reasoning":"hmm"}}]}""",
        """{"choices":[{"delta":{"reasoning":"b","reasoning_content":"a"}}]}""",
        """{"choices":[{"delta":{"reasoning_content":null,"reasoning":"b"}}]}""",
        """{"choices":[{"text":"42","finish_reason":"length"}]}""",
        """{"choices":[{"text":"t","delta":{"content":"c"}}]}""",
        """{"choices":[{"text":"t","delta":"not an object"}]}""",
        """{"choices":[{"delta":{"content":"a"},"delta":{"content":"b"}}]}""",
        """{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":17,"total_tokens":20}}""",
        """{"choices":[{"delta":{"content":"x"}},{"delta":{"content":"y"}}],"usage":null}""",
        """{"usage":{"completion_tokens":99999999999}}""",
        """{"choices":{"not":"an array"}}""",
        """{"choices":[{"delta":{"content":"\u00e9\ud83d\ude42 \"q\" \n"},"finish_reason":"stop","extra":[1,{"a":[]}]}]}""",
        """{"error":{"message":"engine died","type":"server_error"}}""",
        """{"choices":[],"error":"plain"}""",
        """  {"choices":[{"delta":{"content":"padded"}}]}  """,
    };

    public static TheoryData<string> Oddities => new()
    {
        """{"choices":[{"delta":{"content":"a"}}]""",
        """{"choices":[{"delta":{"content":"a"}}]} trailing""",
        """[1,2]""",
        """{"choices":["not an object"]}""",
        """{"usage":{"completion_tokens":"17"}}""",
        "",
    };

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Parse_Utf8_SameAsGeneralPath(string data) =>
        Assert.Equal(UpstreamChunk.Parse(data), UpstreamChunk.Parse(Encoding.UTF8.GetBytes(data)));

    [Theory]
    [MemberData(nameof(Oddities))]
    public void Parse_Utf8Oddity_FailsLikeGeneralPath(string data)
    {
        var general = Record.Exception(() => UpstreamChunk.Parse(data));
        var utf8 = Record.Exception(() => UpstreamChunk.Parse(Encoding.UTF8.GetBytes(data)));

        Assert.NotNull(general);
        Assert.Equal(general.GetType(), utf8?.GetType());
        Assert.Equal(general.Message, utf8!.Message);
    }

    [Fact]
    public void Parse_InvalidUtf8InText_DecodedLikeGeneralPath()
    {
        byte[] data = [.. """{"choices":[{"delta":{"content":"a"""u8, 0xFF, .. "\"}}]}"u8];

        Assert.Equal(UpstreamChunk.Parse(Encoding.UTF8.GetString(data)), UpstreamChunk.Parse(data));
    }

    [Fact]
    public void Parse_Malformed_ThrowsJsonException() =>
        Assert.ThrowsAny<JsonException>(() => UpstreamChunk.Parse("{\"choices\":[}"u8));
}
