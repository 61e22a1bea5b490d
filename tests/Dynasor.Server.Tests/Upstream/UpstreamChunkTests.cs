using System.Text;
using System.Text.Json;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Tests.Upstream;

/// <summary>The shapes engines stream, each read into the fields Dynasor uses.</summary>
public sealed class UpstreamChunkTests
{
    private static UpstreamChunk Parse(string json) => UpstreamChunk.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_ChatDelta_ReadsContentAndFinish()
    {
        var chunk = Parse("""{"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" the"},"logprobs":null,"finish_reason":null}]}""");

        Assert.Equal((" the", null, null), (chunk.Text, chunk.Reasoning, chunk.FinishReason));
    }

    [Theory]
    [InlineData("""{"choices":[{"delta":{"reasoning_content":"hmm","content":null}}]}""", "reasoning_content")]
    [InlineData("""{"choices":[{"delta":{"reasoning":"hmm"}}]}""", "reasoning")]
    [InlineData("""{"choices":[{"delta":{"reasoning":"x","reasoning_content":"hmm"}}]}""", "reasoning_content")]
    public void Parse_ReasoningUnderEitherName_ReadWithItsName(string json, string field)
    {
        var chunk = Parse(json);

        Assert.Equal(("hmm", field), (chunk.Reasoning, chunk.ReasoningField));
    }

    [Fact]
    public void Parse_VllmReturnTokenIds_ReadsIdsAndPromptIds()
    {
        // vLLM with return_token_ids: prompt_token_ids on the first chunk (top level for chat), token_ids per choice (PR #22587).
        var chunk = Parse("""{"choices":[{"index":0,"delta":{"reasoning":" a"},"token_ids":[432,383]}],"prompt_token_ids":[1,2,3]}""");

        Assert.Equal([432, 383], chunk.TokenIds!);
        Assert.Equal([1, 2, 3], chunk.PromptTokenIds!);
    }

    [Fact]
    public void Parse_CompletionChoiceWithPromptIds_ReadsThem()
    {
        var chunk = Parse("""{"choices":[{"index":0,"text":"42","token_ids":[7],"prompt_token_ids":[1,5],"finish_reason":"length"}]}""");

        Assert.Equal(("42", "length"), (chunk.Text, chunk.FinishReason));
        Assert.Equal([1, 5], chunk.PromptTokenIds!);
    }

    [Fact]
    public void Parse_LlamaCppNativeChunks_ReadsContentTokensAndStop()
    {
        // llama.cpp /completion stream, as observed: per-token chunks, then "stop": true with counts (no [DONE]).
        var middle = Parse("""{"index":0,"content":" there","tokens":[383],"stop":false,"id_slot":-1,"tokens_predicted":2,"tokens_evaluated":5}""");
        var last = Parse("""{"index":0,"content":"","tokens":[],"id_slot":3,"stop":true,"tokens_predicted":8,"tokens_evaluated":5,"stop_type":"limit","timings":{"cache_n":4}}""");
        var eos = Parse("""{"content":"","tokens":[],"stop":true,"tokens_predicted":3,"tokens_evaluated":5,"stop_type":"eos"}""");

        Assert.Equal((" there", null), (middle.Text, middle.FinishReason));
        Assert.Equal([383], middle.TokenIds!);
        Assert.Equal(("length", 8, 5), (last.FinishReason, last.CompletionTokens, last.PromptTokens));
        Assert.Equal("stop", eos.FinishReason);
    }

    [Fact]
    public void Parse_UsageChunk_ReadsBothCounts()
    {
        var chunk = Parse("""{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":17,"total_tokens":20,"prompt_tokens_details":{"cached_tokens":1}}}""");

        Assert.Equal((17, 3), (chunk.CompletionTokens, chunk.PromptTokens));
    }

    [Theory]
    [InlineData("""{"error":{"message":"engine died","type":"server_error"}}""", "engine died")]
    [InlineData("""{"choices":[],"error":"plain"}""", "plain")]
    public void Parse_ErrorObjectOrString_ReadsMessage(string json, string message) =>
        Assert.Equal(message, Parse(json).Error);

    [Theory]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}]""")]
    [InlineData("""[1,2]""")]
    [InlineData("")]
    public void Parse_Malformed_ThrowsJsonException(string json) =>
        Assert.ThrowsAny<JsonException>(() => Parse(json));
}
