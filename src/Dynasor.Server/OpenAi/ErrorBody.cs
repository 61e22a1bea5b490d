using System.Text.Json;

namespace Dynasor.Server.OpenAi;

/// <summary>Writes the OpenAI error object, as a response body or as the payload of an SSE error event.</summary>
public static class ErrorBody
{
    /// <summary>Writes <c>{"error":{...}}</c>.</summary>
    public static void Write(Utf8JsonWriter json, string message, string type, string? param, string? code)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        WriteNullable(json, "param", param);
        WriteNullable(json, "code", code);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The error body of <paramref name="error"/> as UTF-8 JSON.</summary>
    public static byte[] ToUtf8(OpenAiException error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
            Write(json, error.Message, error.Type, error.Param, error.Code);
        return buffer.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }
}
