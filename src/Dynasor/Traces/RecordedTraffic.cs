using System.Globalization;
using System.Text.RegularExpressions;

namespace Dynasor.Traces;

/// <summary>
/// The files <c>dynasor serve --record DIR</c> writes: per mode, numbered trace files <c>DIR/MODE-000001.jsonl</c>,
/// <c>MODE-000002.jsonl</c>, ... (a new number when a file reaches its size limit or the server restarts). Reading a
/// directory reads one mode's files in number order as one trace.
/// </summary>
public static partial class RecordedTraffic
{
    /// <summary>The name of file <paramref name="number"/> (from 1) of <paramref name="mode"/>'s recording.</summary>
    public static string FileName(string mode, int number) => string.Create(CultureInfo.InvariantCulture, $"{mode}-{number:D6}.jsonl");

    /// <summary>The numbered files of <paramref name="mode"/> in <paramref name="directory"/>, by number; empty when none.</summary>
    public static IReadOnlyList<(int Number, string Path)> Files(string directory, string mode)
    {
        if (!Directory.Exists(directory))
            return [];
        var files = new List<(int, string)>();
        foreach (var path in Directory.EnumerateFiles(directory, mode + "-*.jsonl"))
        {
            var match = Numbered().Match(Path.GetFileName(path));
            if (match.Success && match.Groups["mode"].Value == mode && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                files.Add((n, path));
        }
        return files.OrderBy(f => f.Item1).ToList();
    }

    /// <summary>Whether <paramref name="path"/> is a directory holding recorded files of any mode.</summary>
    public static bool IsRecording(string path) =>
        Directory.Exists(path) && Directory.EnumerateFiles(path, "*.jsonl").Any(f => Numbered().IsMatch(Path.GetFileName(f)));

    /// <summary>
    /// Every question of <paramref name="mode"/>'s files in <paramref name="directory"/>, file by file, with its source and
    /// line. Ids are unique within a file; an id seen in an earlier file gets the first free <c>~2</c>, <c>~3</c>, ... appended,
    /// so the result is one trace with unique ids.
    /// </summary>
    /// <exception cref="FileNotFoundException">The directory holds no file of <paramref name="mode"/>; the message names the modes it has.</exception>
    public static IEnumerable<(string Source, int Line, TraceQuestion Question)> Read(string directory, string mode)
    {
        var files = Files(directory, mode);
        if (files.Count == 0)
        {
            var others = Directory.Exists(directory)
                ? Directory.EnumerateFiles(directory, "*.jsonl").Select(f => Numbered().Match(Path.GetFileName(f))).Where(m => m.Success).Select(m => m.Groups["mode"].Value).Distinct().Order().ToList()
                : [];
            throw new FileNotFoundException(others.Count == 0
                ? $"'{directory}' holds no recorded traffic; record some with 'dynasor serve --record {directory}', or pass a .jsonl trace"
                : $"'{directory}' holds no recorded {mode} traffic ({mode}-NNNNNN.jsonl), only {string.Join(", ", others)}; record requests with \"mode\":\"{mode}\"", directory);
        }
        return ReadAll(files.Select(f => f.Path).ToList());
    }

    private static IEnumerable<(string, int, TraceQuestion)> ReadAll(IReadOnlyList<string> paths)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var (line, question) in TraceReader.ReadNumbered(path))
            {
                var id = question.Id;
                for (var n = 2; !seen.Add(id); n++)
                    id = string.Create(CultureInfo.InvariantCulture, $"{question.Id}~{n}");
                yield return (path, line, id == question.Id ? question : question with { Id = id });
            }
        }
    }

    [GeneratedRegex(@"^(?<mode>[a-z]+)-(?<n>\d{6,})\.jsonl$")]
    private static partial Regex Numbered();
}
