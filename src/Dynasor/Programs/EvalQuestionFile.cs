using System.Text.Json;
using Dynasor.Traces;

namespace Dynasor.Programs;

/// <summary>
/// Evaluation questions as JSON Lines, one <c>{"question": "...", "answer": "..."}</c> per line (other fields are
/// ignored), so <c>dynasor eval</c> can grade a live upstream on the user's own questions. A malformed line fails
/// with its file and line number.
/// </summary>
public static class EvalQuestionFile
{
    /// <summary>Reads every question of <paramref name="path"/>; throws <see cref="TraceFormatException"/> naming file:line.</summary>
    public static IReadOnlyList<EvalQuestion> Read(string path)
    {
        if (Directory.Exists(path))
            throw new IOException($"questions file '{path}' is a directory; pass a JSON Lines file of {{\"question\",\"answer\"}} (dynasor eval --write-questions FILE writes one)");
        if (!File.Exists(path))
            throw new FileNotFoundException($"questions file '{path}' does not exist; write one with 'dynasor eval --write-questions FILE' or give JSON Lines of {{\"question\",\"answer\"}}", path);
        var questions = new List<EvalQuestion>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            questions.Add(Parse(text, path, line));
        }
        if (questions.Count == 0)
            throw new TraceFormatException(path, line, "the file holds no questions");
        return questions;
    }

    /// <summary>Writes <paramref name="questions"/> in the format <see cref="Read"/> accepts.</summary>
    public static void Write(string path, IEnumerable<EvalQuestion> questions)
    {
        using var writer = new StreamWriter(path);
        foreach (var q in questions)
            writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["question"] = q.Text, ["answer"] = q.Gold }));
    }

    private static EvalQuestion Parse(string text, string path, int line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(path, line, $"not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new TraceFormatException(path, line, "expected a JSON object with \"question\" and \"answer\"");
            return new EvalQuestion(Field(root, "question", path, line), Field(root, "answer", path, line));
        }
    }

    private static string Field(JsonElement root, string name, string path, int line) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
            ? s
            : throw new TraceFormatException(path, line, $"\"{name}\" must be a non-empty string");
}
