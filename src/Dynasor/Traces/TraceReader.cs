using System.Text.Json;

namespace Dynasor.Traces;

/// <summary>
/// Reads traces in the JSON Lines format (one question per line), streaming, tolerant of unknown fields.
/// Blank lines are skipped. A malformed line throws <see cref="TraceFormatException"/> naming file and line.
/// </summary>
public static class TraceReader
{
    /// <summary>
    /// Streams the questions of a trace file. Throws <see cref="FileNotFoundException"/> with the path when it is
    /// missing, and <see cref="IOException"/> when it is a directory.
    /// </summary>
    public static IEnumerable<TraceQuestion> Read(string path) => ReadNumbered(path).Select(q => q.Question);

    /// <summary>As <see cref="Read(string)"/>, with the line each question is on (from 1), for messages about it.</summary>
    public static IEnumerable<(int Line, TraceQuestion Question)> ReadNumbered(string path)
    {
        if (Directory.Exists(path))
            throw new IOException($"trace '{path}' is a directory, not a trace file; {DirectoryHint(path)}");
        if (!File.Exists(path))
            throw new FileNotFoundException($"trace file '{path}' does not exist; pass the path of a .jsonl trace", path);
        return ReadLines(path);

        static IEnumerable<(int, TraceQuestion)> ReadLines(string path)
        {
            using var reader = new StreamReader(path);
            foreach (var question in ReadNumbered(reader, path))
                yield return question;
        }
    }

    /// <summary>Streams the questions of an open reader; <paramref name="sourceName"/> is used in error messages.</summary>
    public static IEnumerable<TraceQuestion> Read(TextReader reader, string sourceName) => ReadNumbered(reader, sourceName).Select(q => q.Question);

    /// <summary>As <see cref="Read(TextReader, string)"/>, with the line each question is on (from 1).</summary>
    public static IEnumerable<(int Line, TraceQuestion Question)> ReadNumbered(TextReader reader, string sourceName)
    {
        var lineNumber = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var question = ParseLine(line, sourceName, lineNumber);
            if (!ids.Add(question.Id))
                throw new TraceFormatException(sourceName, lineNumber, $"duplicate id '{question.Id}'; ids must be unique within a file");
            yield return (lineNumber, question);
        }
    }

    // Names a few traces the directory holds, so the fix is one copy away.
    private static string DirectoryHint(string directory)
    {
        var traces = Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal).Take(3).ToList();
        return traces.Count == 0
            ? "pass the path of a .jsonl trace file"
            : $"pass one of its .jsonl files, such as {string.Join(", ", traces)}";
    }

    /// <summary>Parses one line of a trace.</summary>
    public static TraceQuestion ParseLine(string line, string sourceName, int lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(sourceName, lineNumber, $"not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail("expected a JSON object per line");

            var id = RequiredString(root, "id");
            var samplesElement = root.TryGetProperty("samples", out var s) ? s : default;
            if (samplesElement.ValueKind != JsonValueKind.Array)
                throw Fail("missing 'samples' array; every question needs its samples");

            var samples = new List<TraceSample>(samplesElement.GetArrayLength());
            var index = 0;
            foreach (var sample in samplesElement.EnumerateArray())
            {
                samples.Add(ParseSample(sample, index));
                index++;
            }

            return new TraceQuestion(
                id,
                OptionalString(root, "dataset"),
                OptionalString(root, "model"),
                OptionalString(root, "target"),
                samples) { Question = OptionalString(root, "question") };
        }

        TraceSample ParseSample(JsonElement sample, int index)
        {
            var where = $"samples[{index}]";
            if (sample.ValueKind != JsonValueKind.Object)
                throw Fail($"{where} is not an object");

            var answer = OptionalString(sample, "answer", where) ?? "";
            if (!sample.TryGetProperty("tokens", out var tokensElement) || tokensElement.ValueKind != JsonValueKind.Number)
                throw Fail($"{where}.tokens is missing or not a number; give the sample's output-token count");
            if (!tokensElement.TryGetInt32(out var tokens) || tokens < 0)
                throw Fail($"{where}.tokens must be a non-negative integer, got {tokensElement.GetRawText()}");

            bool? correct = null;
            if (sample.TryGetProperty("correct", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                if (c.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw Fail($"{where}.correct must be true or false, got {c.GetRawText()}");
                correct = c.GetBoolean();
            }

            double? reward = null;
            if (sample.TryGetProperty("reward", out var r) && r.ValueKind != JsonValueKind.Null)
            {
                if (r.ValueKind != JsonValueKind.Number || r.GetDouble() is < 0 or > 1 or double.NaN)
                    throw Fail($"{where}.reward must be a number in [0, 1], got {r.GetRawText()}");
                reward = r.GetDouble();
            }

            var chain = sample.TryGetProperty("chain", out var ch) && ch.ValueKind != JsonValueKind.Null ? ChainJson.Read(ch, $"{where}.chain", Fail) : null;
            return new TraceSample(answer, tokens, correct, reward, OptionalString(sample, "text", where)) { Chain = chain };
        }

        string RequiredString(JsonElement element, string name) =>
            OptionalString(element, name) ?? throw Fail($"missing '{name}'; every question needs a string '{name}'");

        // Numbers are accepted where a string is expected (a target of 18 reads as "18"): traces are written by many tools.
        string? OptionalString(JsonElement element, string name, string? where = null)
        {
            if (!element.TryGetProperty(name, out var value))
                return null;
            return value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => throw Fail($"{(where is null ? "" : where + ".")}{name} must be a string, got {value.ValueKind.ToString().ToLowerInvariant()}"),
            };
        }

        TraceFormatException Fail(string problem) => new(sourceName, lineNumber, problem);
    }
}
