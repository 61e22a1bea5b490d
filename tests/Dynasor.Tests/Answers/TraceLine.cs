using System.Text.Json;

namespace Dynasor.Tests.Answers;

/// <summary>The fields of one trace line that answer grading needs, read without the production reader.</summary>
internal sealed record TraceLine(string Id, string? Target, IReadOnlyList<(string Answer, bool? Correct, string? Text)> Samples)
{
    /// <summary>Reads every line of a JSON Lines trace file; unknown fields are ignored.</summary>
    public static IEnumerable<TraceLine> ReadAll(string path)
    {
        int number = 0;
        foreach (string line in System.IO.File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            string id = root.TryGetProperty("id", out JsonElement idElement) ? idElement.ToString() : $"line {number}";
            string? target = root.TryGetProperty("target", out JsonElement targetElement) && targetElement.ValueKind != JsonValueKind.Null
                ? targetElement.ToString()
                : null;
            var samples = new List<(string, bool?, string?)>();
            foreach (JsonElement sample in root.GetProperty("samples").EnumerateArray())
            {
                string answer = sample.TryGetProperty("answer", out JsonElement a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "";
                bool? correct = sample.TryGetProperty("correct", out JsonElement c) && c.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? c.GetBoolean()
                    : null;
                string? text = sample.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                samples.Add((answer, correct, text));
            }

            yield return new TraceLine(id, target, samples);
        }
    }
}
