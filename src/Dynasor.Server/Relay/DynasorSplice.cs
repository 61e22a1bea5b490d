using System.Buffers;
using System.Text.Json;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Relay;

/// <summary>Adds Dynasor's <c>dynasor</c> object to an engine's JSON object without re-encoding what the engine wrote.</summary>
internal static class DynasorSplice
{
    /// <summary>
    /// Writes <paramref name="json"/> (one JSON object) with <c>"dynasor":{...}</c> as its last member; an object
    /// that does not end in <c>}</c> (not JSON) is written unchanged.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> json, ModeSummary summary)
    {
        var trimmed = json.TrimEnd(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[^1] != (byte)'}')
        {
            output.Write(json);
            return;
        }
        var body = trimmed[..^1].TrimEnd(" \t\r\n"u8);
        output.Write(body);
        // An empty object ("{}") takes the member without a comma.
        if (body[^1] != (byte)'{')
            output.Write(","u8);
        output.Write(Member(summary));
        output.Write("}"u8);
    }

    private static ReadOnlySpan<byte> Member(ModeSummary summary)
    {
        var scratch = new ArrayBufferWriter<byte>(160);
        using (var writer = new Utf8JsonWriter(scratch))
        {
            writer.WriteStartObject();
            DynasorJson.Write(writer, [summary]);
            writer.WriteEndObject();
        }
        return scratch.WrittenSpan[1..^1];
    }
}
