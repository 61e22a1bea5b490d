using System.Text.Json;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// Checks once, at the edge, that every string of a request (names and values) is text: JSON's reader accepts bytes
/// that are not valid UTF-8 inside a string, and escapes such as a lone <c>\ud800</c>, and fails only when the string is
/// read. Reading every string here turns that into a 400 naming the field, whatever later reads it.
/// </summary>
internal static class JsonText
{
    /// <summary>Throws a 400 <see cref="OpenAiException"/> naming the first field whose text cannot be read.</summary>
    public static void Validate(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Read(element, path);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw Invalid(path.Length == 0 ? "a field name" : $"a field name in '{path}'", path.Length == 0 ? null : path);
                    }
                    Validate(property.Value, path.Length == 0 ? name : $"{path}.{name}");
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Validate(item, $"{path}[{index++}]");
                break;
        }
    }

    private static void Read(JsonElement value, string path)
    {
        try
        {
            value.GetString();
        }
        catch (InvalidOperationException)
        {
            throw Invalid($"'{path}'", path);
        }
    }

    private static OpenAiException Invalid(string what, string? param) =>
        OpenAiException.Invalid($"{what} holds text that is not valid Unicode (bytes that are not UTF-8, or a lone surrogate escape such as \\ud800); send the text as valid UTF-8.",
            param, "invalid_text");
}
