using System.Text;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>llama-server's <c>/tokenize</c> and <c>/detokenize</c> as observed (§5).</summary>
internal static class LlamaCppTokenize
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    public static async Task TokenizeAsync(HttpContext context)
    {
        if (await EngineReply.ReadAsync(context) is not { } request)
        {
            await LlamaCppErrors.BadJsonAsync(context);
            return;
        }
        var ids = FakeModel.Shared.Tokenize(request.String("content") ?? "", request.Bool("add_special"), request.Bool("parse_special", true));
        var tokens = request.Bool("with_pieces")
            ? new JsonArray(ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["piece"] = Piece(id) }).ToArray())
            : OpenAiJson.Ids(ids);
        await EngineReply.JsonAsync(context, new JsonObject { ["tokens"] = tokens });
    }

    public static async Task DetokenizeAsync(HttpContext context)
    {
        var ids = (await EngineReply.ReadAsync(context))?.PromptIds("tokens") ?? [];
        if (ids.FirstOrDefault(id => id < 0 || id >= FakeModel.Shared.VocabSize, -1) is var bad and >= 0)
        {
            await LlamaCppErrors.WriteAsync(context, 500, $"vector::_M_range_check: __n (which is {bad}) >= this->size() (which is {FakeModel.Shared.VocabSize})", "server_error");
            return;
        }
        await EngineReply.JsonAsync(context, new JsonObject { ["content"] = FakeModel.Shared.Detokenize(ids) });
    }

    // A piece that is not valid UTF-8 on its own is given as its byte values.
    private static JsonNode Piece(int id)
    {
        var bytes = FakeModel.Shared.TokenBytes(id);
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return OpenAiJson.Ids(bytes.Select(b => (int)b));
        }
    }
}
