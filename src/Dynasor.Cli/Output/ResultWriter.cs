using System.Globalization;
using System.Text;
using System.Text.Json;
using Dynasor.Replay;
using Spectre.Console;

namespace Dynasor.Cli.Output;

/// <summary>Prints replay results as a table, exactly one JSON document, or CSV.</summary>
internal static class ResultWriter
{
    public static void Write(TextWriter output, IReadOnlyList<ReplayResult> results, ResultFormat format)
    {
        switch (format)
        {
            case ResultFormat.Json:
                output.WriteLine(Json(results));
                break;
            case ResultFormat.Csv:
                output.Write(Csv(results));
                break;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                // Redirected output reports 80 columns and would wrap every spec; a log or a pipe has room.
                if (Console.IsOutputRedirected || output != Console.Out)
                    console.Profile.Width = 240;
                console.Write(Table(results));
                break;
        }
    }

    /// <summary>
    /// <c>{"results":[{...}]}</c> with snake_case fields and accuracy as a fraction, one object per trace and policy.
    /// </summary>
    public static string Json(IReadOnlyList<ReplayResult> results)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("results");
            foreach (var r in results)
                WriteResult(json, r);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static void WriteResult(Utf8JsonWriter json, ReplayResult r)
    {
        json.WriteStartObject();
        json.WriteString("trace", r.Trace);
        json.WriteString("policy", r.Policy);
        json.WriteString("program", r.Program);
        json.WriteNumber("questions", r.Questions);
        json.WriteNumber("repeats", r.Repeats);
        json.WriteNumber("accuracy", Math.Round(r.Accuracy, 6));
        json.WriteNumber("accuracy_std", Math.Round(r.AccuracyStd, 6));
        json.WriteNumber("samples_per_question", Math.Round(r.SamplesPerQuestion, 4));
        json.WriteNumber("tokens_per_question", Math.Round(r.TokensPerQuestion, 2));
        json.WriteNumber("token_saving_vs_cap", Math.Round(r.TokenSavingVsCap, 6));
        json.WriteEndObject();
    }

    public static string Csv(IReadOnlyList<ReplayResult> results)
    {
        // A program column only when a program other than sc ran, and last: an sc replay's CSV is what it always was.
        var programs = results.Any(r => r.Program != ReplayProgram.Sc.Name);
        var csv = new StringBuilder("trace,policy,questions,repeats,accuracy,accuracy_std,samples_per_question,tokens_per_question,token_saving_vs_cap")
            .Append(programs ? ",program\n" : "\n");
        foreach (var r in results)
        {
            csv.Append(Quote(r.Trace)).Append(',').Append(Quote(r.Policy)).Append(',')
               .AppendJoin(',', new object[] { r.Questions, r.Repeats }.Select(Inv)).Append(',')
               .AppendJoin(',', new[] { r.Accuracy, r.AccuracyStd, r.SamplesPerQuestion, r.TokensPerQuestion, r.TokenSavingVsCap }.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)))
               .Append(programs ? $",{r.Program}\n" : "\n");
        }
        return csv.ToString();

        static string Inv(object o) => Convert.ToString(o, CultureInfo.InvariantCulture)!;
    }

    /// <summary>One row per trace, policy and question: accuracy (fraction of orders right), mean samples and tokens; the program last when not only sc ran.</summary>
    public static string PerQuestionCsv(IReadOnlyList<ReplayResult> results)
    {
        var programs = results.Any(r => r.Program != ReplayProgram.Sc.Name);
        var csv = new StringBuilder("trace,policy,question,accuracy,samples,tokens").Append(programs ? ",program\n" : "\n");
        foreach (var r in results)
        {
            for (var q = 0; q < r.QuestionIds.Count; q++)
            {
                csv.Append(Quote(r.Trace)).Append(',').Append(Quote(r.Policy)).Append(',').Append(Quote(r.QuestionIds[q])).Append(',')
                   .AppendJoin(',', new[] { r.QuestionAccuracy[q], r.QuestionSamples[q], r.QuestionTokens[q] }.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)))
                   .Append(programs ? $",{r.Program}\n" : "\n");
            }
        }
        return csv.ToString();
    }

    private static string Quote(string s) =>
        s.Contains(',') || s.Contains('"') || s.Contains('\n') || s.Contains('\r') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    /// <summary>The results as a table; a program column is added when any result ran another program than <c>sc</c>.</summary>
    public static Table Table(IReadOnlyList<ReplayResult> results)
    {
        var programs = results.Any(r => r.Program != ReplayProgram.Sc.Name);
        var table = new Table().Border(TableBorder.Rounded);
        var labels = programs ? ["trace", "program", "policy"] : new[] { "trace", "policy" };
        foreach (var column in labels.Concat(["accuracy", "± std", "samples/q", "tokens/q", "saving vs cap"]))
            table.AddColumn(new TableColumn(column));
        foreach (var column in table.Columns.Skip(labels.Length))
            column.RightAligned();
        foreach (var r in results)
        {
            var names = programs ? [r.Trace, r.Program, r.Policy] : new[] { r.Trace, r.Policy };
            table.AddRow(
            [
                .. names.Select(Markup.Escape),
                (r.Accuracy * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
                (r.AccuracyStd * 100).ToString("0.00", CultureInfo.InvariantCulture),
                r.SamplesPerQuestion.ToString("0.00", CultureInfo.InvariantCulture),
                r.TokensPerQuestion.ToString("0.0", CultureInfo.InvariantCulture),
                SavingFormat.Percent(r.TokenSavingVsCap),
            ]);
        }
        return table;
    }
}
