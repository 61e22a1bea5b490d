using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The constant bytes of one response's middle stream chunks (no role, no finish reason, no <c>dynasor</c>), encoded
/// once, so a relayed token costs two JSON string values and a few copies instead of a whole JSON object. The bytes
/// are exactly those of <see cref="ResponseJson.Chunk"/> for the same event (a test holds them equal).
/// </summary>
public sealed class TokenChunkTemplate
{
    private readonly byte[] _head;
    private readonly byte[] _text;
    private readonly byte[] _reasoning;
    private readonly byte[] _tail;

    /// <summary>The template for the chunks of <paramref name="context"/>.</summary>
    public TokenChunkTemplate(ResponseContext context)
    {
        Context = context;
        var head = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(head))
        {
            ResponseJson.Header(json, context, context.Chat ? "chat.completion.chunk" : "text_completion");
            json.WriteStartArray("choices");
            json.WriteStartObject();
        }
        _head = [.. "data: "u8, .. head.WrittenSpan, .. "\"index\":"u8];
        _text = context.Chat ? ",\"delta\":{\"content\":"u8.ToArray() : ",\"text\":"u8.ToArray();
        _reasoning = [.. ",\""u8, .. JsonEncodedText.Encode(context.ReasoningField).EncodedUtf8Bytes, .. "\":"u8];
        _tail = [.. (context.Chat ? "}"u8 : ""u8), .. ",\"logprobs\":null,\"finish_reason\":null}]}\n\n"u8];
    }

    /// <summary>The response these chunks belong to.</summary>
    public ResponseContext Context { get; }

    /// <summary>
    /// Appends the <c>data:</c> event of one middle chunk of choice <paramref name="index"/> to <paramref name="output"/>;
    /// <paramref name="json"/> is a writer this method may reset (it escapes the text exactly as the general path does).
    /// Reasoning goes only into chat chunks, as in <see cref="ResponseJson.Chunk"/>.
    /// </summary>
    public void Write(IBufferWriter<byte> output, Utf8JsonWriter json, int index, string text, string? reasoning)
    {
        output.Write(_head);
        var digits = output.GetSpan(11);
        Utf8Formatter.TryFormat(index, digits, out var written);
        output.Advance(written);
        output.Write(_text);
        Value(output, json, text);
        if (reasoning is not null && Context.Chat)
        {
            output.Write(_reasoning);
            Value(output, json, reasoning);
        }
        output.Write(_tail);
    }

    private static void Value(IBufferWriter<byte> output, Utf8JsonWriter json, string value)
    {
        json.Reset(output);
        json.WriteStringValue(value);
        json.Flush();
    }
}
