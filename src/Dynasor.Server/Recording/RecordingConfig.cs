using System.Text.Json;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Recording;

/// <summary>
/// The config file's <c>record</c> field: a directory (<c>"record": "traffic"</c>) or
/// <c>{"dir": "traffic", "text": false, "max_mb": 100}</c>; the directory is relative to the config file.
/// </summary>
internal static class RecordingConfig
{
    public static RecordingOptions Read(JsonElement value, string configDirectory)
    {
        if (value.ValueKind == JsonValueKind.String)
            return new RecordingOptions(Path.Combine(configDirectory, JsonFields.String(value, "record")));
        if (value.ValueKind != JsonValueKind.Object)
            throw OpenAiException.Invalid("'record' must be a directory or an object like {\"dir\": \"traffic\", \"text\": false, \"max_mb\": 100}.", "record");
        string? dir = null;
        var options = new RecordingOptions("");
        foreach (var field in value.EnumerateObject())
        {
            var name = $"record.{field.Name}";
            switch (field.Name)
            {
                case "dir":
                    dir = JsonFields.String(field.Value, name);
                    break;
                case "text":
                    options = options with { Text = JsonFields.Bool(field.Value, name) };
                    break;
                case "max_mb":
                    options = options with { MaxFileMegabytes = JsonFields.Int(field.Value, name, 1, 100_000) };
                    break;
                default:
                    throw OpenAiException.Invalid($"unknown field '{name}'; known: dir, text, max_mb.", name);
            }
        }
        return options with { Directory = dir is null ? throw OpenAiException.Invalid("'record' needs a \"dir\" to write recorded traffic to.", "record.dir") : Path.Combine(configDirectory, dir) };
    }
}
