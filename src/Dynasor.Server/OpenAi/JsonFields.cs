using System.Text.Json;

namespace Dynasor.Server.OpenAi;

/// <summary>Typed reads of request fields that fail with a 400 naming the field, its expected type and range.</summary>
internal static class JsonFields
{
    public static string String(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw OpenAiException.Invalid($"'{name}' must be a string, not {Describe(value)}.", name, "invalid_type");

    public static bool Bool(JsonElement value, string name) =>
        value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw OpenAiException.Invalid($"'{name}' must be true or false, not {Describe(value)}.", name, "invalid_type"),
        };

    public static int Int(JsonElement value, string name, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            throw OpenAiException.Invalid($"'{name}' must be an integer, not {Describe(value)}.", name, "invalid_type");
        if (number < min || number > max)
            throw OpenAiException.Invalid($"'{name}' is {number}; it must be between {min} and {max}.", name);
        return (int)number;
    }

    public static long Long(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            throw OpenAiException.Invalid($"'{name}' must be an integer, not {Describe(value)}.", name, "invalid_type");
        return number;
    }

    public static double Double(JsonElement value, string name, double min, double max, bool minExclusive = false)
    {
        if (value.ValueKind != JsonValueKind.Number)
            throw OpenAiException.Invalid($"'{name}' must be a number, not {Describe(value)}.", name, "invalid_type");
        var number = value.GetDouble();
        if (number > max || number < min || (minExclusive && number == min))
            throw OpenAiException.Invalid($"'{name}' is {number}; it must be {(minExclusive ? "above" : "at least")} {min} and at most {max}.", name);
        return number;
    }

    public static bool IsNull(JsonElement value) => value.ValueKind == JsonValueKind.Null;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
