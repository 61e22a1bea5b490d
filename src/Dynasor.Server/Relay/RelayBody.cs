using System.Buffers;
using System.Text.Json;

namespace Dynasor.Server.Relay;

/// <summary>
/// Rewrites a client's JSON body for the upstream with the fewest changes: the top-level properties Dynasor does not
/// touch are copied as the client's bytes (name, value, escapes and all), and only the edited ones are written anew.
/// A body that needs no edit is forwarded as it came.
/// </summary>
public static class RelayBody
{
    /// <summary>The upstream body for <paramref name="body"/> (a JSON object, already validated by the parser).</summary>
    public static ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> body, RelayEdits edits)
    {
        var span = body.Span;
        var reader = new Utf8JsonReader(span);
        reader.Read();
        var output = new ArrayBufferWriter<byte>(body.Length + 64);
        output.Write("{"u8);
        var first = true;
        var changed = false;
        bool sawStreamOptions = false, sawModel = false, sawPriority = false, sawSeed = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var name = reader.GetString()!;
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            var raw = span[start..end];
            var value = body[valueStart..end];
            switch (name)
            {
                case "dynasor":
                    changed = true;
                    continue;
                case "n" when edits.RemoveN:
                    changed = true;
                    continue;
                case "model" when edits.Model is not null:
                    sawModel = true;
                    changed = true;
                    Property(output, ref first, json => json.WriteString("model", edits.Model));
                    continue;
                case "priority" when edits.Priority is not null:
                    sawPriority = true;
                    changed = true;
                    Property(output, ref first, json => json.WriteNumber("priority", edits.Priority.Value));
                    continue;
                case "seed" when edits.Seed is not null:
                    sawSeed = true;
                    changed = true;
                    Property(output, ref first, json => json.WriteNumber("seed", edits.Seed.Value));
                    continue;
                case "stream_options" when edits.IncludeUsage:
                    sawStreamOptions = true;
                    if (!IncludesUsage(value.Span))
                    {
                        changed = true;
                        Property(output, ref first, json => StreamOptions(json, value));
                        continue;
                    }
                    break;
            }
            if (!first)
                output.Write(","u8);
            output.Write(raw);
            first = false;
        }
        if (edits.Model is not null && !sawModel)
            Property(output, ref first, json => json.WriteString("model", edits.Model));
        if (edits.Priority is not null && !sawPriority)
            Property(output, ref first, json => json.WriteNumber("priority", edits.Priority.Value));
        if (edits.Seed is not null && !sawSeed)
            Property(output, ref first, json => json.WriteNumber("seed", edits.Seed.Value));
        if (edits.IncludeUsage && !sawStreamOptions)
            Property(output, ref first, json => StreamOptions(json, default));
        changed |= (edits.Model is not null && !sawModel) || (edits.Priority is not null && !sawPriority)
            || (edits.Seed is not null && !sawSeed) || (edits.IncludeUsage && !sawStreamOptions);
        if (!changed)
            return body;
        output.Write("}"u8);
        return output.WrittenMemory;
    }

    private static bool IncludesUsage(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return false;
        var included = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isUsage)
                included = reader.TokenType == JsonTokenType.True;
            reader.Skip();
        }
        return included;
    }

    // The client's stream_options (a null or an object) with include_usage set to true, its other fields kept.
    private static void StreamOptions(Utf8JsonWriter json, ReadOnlyMemory<byte> memory)
    {
        json.WriteStartObject("stream_options");
        var value = memory.Span;
        if (!value.IsEmpty)
        {
            var reader = new Utf8JsonReader(value);
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isUsage = reader.ValueTextEquals("include_usage"u8);
                    var name = reader.GetString()!;
                    reader.Read();
                    var valueStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (!isUsage)
                    {
                        json.WritePropertyName(name);
                        json.WriteRawValue(value[valueStart..(int)reader.BytesConsumed], skipInputValidation: true);
                    }
                }
            }
        }
        json.WriteBoolean("include_usage", true);
        json.WriteEndObject();
    }

    private static void Property(ArrayBufferWriter<byte> output, ref bool first, Action<Utf8JsonWriter> write)
    {
        if (!first)
            output.Write(","u8);
        first = false;
        // A writer over a scratch object, then the object's braces cut off: one property as JSON text.
        var scratch = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(scratch))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        output.Write(scratch.WrittenSpan[1..^1]);
    }
}
