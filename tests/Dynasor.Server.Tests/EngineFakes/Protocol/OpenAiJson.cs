using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>JSON pieces every OpenAI-compatible fake writes the same way.</summary>
internal static class OpenAiJson
{
    // Engines send UTF-8 text as is; the default encoder would escape every non-ASCII character.
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(JsonNode node) => node.ToJsonString(Raw);

    public static string NewId(string prefix) => prefix + RandomNumberGenerator.GetHexString(32, lowercase: true);

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static JsonArray Ids(IEnumerable<int> ids) => new(ids.Select(id => (JsonNode)id).ToArray());

    /// <summary>Chat-style logprob entries: <c>{token, logprob, bytes, top_logprobs}</c> per token.</summary>
    public static JsonObject ChatLogprobs(IEnumerable<GeneratedToken> tokens) => new()
    {
        ["content"] = new JsonArray(tokens.Select(t => (JsonNode)new JsonObject
        {
            ["token"] = TokenText(t.Id),
            ["logprob"] = t.Logprob,
            ["bytes"] = Ids(FakeModel.Shared.TokenBytes(t.Id).Select(b => (int)b)),
            ["top_logprobs"] = new JsonArray(t.Top.Select(a => (JsonNode)new JsonObject
            {
                ["token"] = TokenText(a.Id),
                ["logprob"] = a.Logprob,
                ["bytes"] = Ids(FakeModel.Shared.TokenBytes(a.Id).Select(b => (int)b)),
            }).ToArray()),
        }).ToArray()),
    };

    /// <summary>The legacy completions shape: parallel lists and one <c>{token: logprob}</c> map per token.</summary>
    public static JsonObject LegacyLogprobs(IReadOnlyList<GeneratedToken> tokens, int textOffset)
    {
        var offsets = new JsonArray();
        foreach (var token in tokens)
        {
            offsets.Add(textOffset);
            textOffset += token.Piece.Length;
        }
        return new JsonObject
        {
            ["text_offset"] = offsets,
            ["token_logprobs"] = new JsonArray(tokens.Select(t => (JsonNode)t.Logprob).ToArray()),
            ["tokens"] = new JsonArray(tokens.Select(t => (JsonNode)TokenText(t.Id)).ToArray()),
            ["top_logprobs"] = new JsonArray(tokens.Select(t =>
            {
                var map = new JsonObject();
                foreach (var alternative in t.Top)
                    map[TokenText(alternative.Id)] = alternative.Logprob;
                return (JsonNode)map;
            }).ToArray()),
        };
    }

    private static string TokenText(int id) => FakeModel.Shared.Detokenize([id]);
}
