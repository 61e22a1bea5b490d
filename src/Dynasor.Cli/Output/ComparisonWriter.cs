using System.Globalization;
using System.Text;
using System.Text.Json;
using Dynasor.Calibration;
using Dynasor.Replay;
using Spectre.Console;

namespace Dynasor.Cli.Output;

/// <summary>
/// Prints several families calibrated on the same questions side by side (the paper's Table 4: tokens at equal
/// accuracy): one row per family with the search's choice scored on held-out questions, under the baseline it had to
/// match. As a table, or one JSON document <c>{"families":[...]}</c> holding each family's full calibration.
/// </summary>
internal static class ComparisonWriter
{
    private const int SpecColumn = 48;

    public static void Write(TextWriter output, IReadOnlyList<CalibrationResult> results, CalibrationOptions options, ResultFormat format)
    {
        if (format == ResultFormat.Json)
        {
            output.WriteLine(Json(results, options));
            return;
        }
        var baseline = results[0].Holdout.Baseline;
        if (options.Labels == LabelSource.ScVote)
            output.WriteLine(CalibrationWriter.Measured);
        output.WriteLine($"program {options.Program.Name}; each family's choice made on the calibration questions within epsilon {Points(options.Epsilon)} points of {baseline.Policy} "
            + $"({(options.Z == 0 ? "point estimate" : $"one-sided {Percent(StandardNormal.Cdf(options.Z))} bound")}), scored on {Held(options)} ({baseline.Questions} questions, {baseline.Repeats} orders):");
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out)
            console.Profile.Width = 240;
        console.Write(Table(results));
        output.WriteLine("saving = 1 - tokens / tokens of the baseline on the same questions and orders, positive when tokens were saved; loss = baseline accuracy - the family's, in points, with its upper bound.");
        output.WriteLine("the choices in full:");
        foreach (var r in results)
            output.WriteLine($"  {r.Family}: {r.Certificate.Proposed}{Note(r)}");
    }

    // What a reader of the row must know: the search fell back (no candidate passed where it ran), or the held-out bound failed.
    private static string Note(CalibrationResult r)
    {
        var family = r.Family.Split(':')[0];
        var fellBack = family is not (Calibrator.Best or Calibrator.BestLive) && r.Certificate.Proposed.Name != family;
        if (fellBack)
            return " (no candidate was admissible on the calibration questions, so the search returned this)";
        return r.Certificate.WithinEpsilon ? "" : " (NOT within epsilon held out)";
    }

    public static Table Table(IReadOnlyList<CalibrationResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "family", "search's choice", "accuracy", "± std", "tokens/q", "± std", "saving", "loss", "upper" })
            table.AddColumn(new TableColumn(column));
        foreach (var column in table.Columns.Skip(2))
            column.RightAligned();
        var baseline = results[0].Holdout.Baseline;
        table.AddRow(["baseline", .. Cells(baseline, Markup.Escape(baseline.Policy), null)]);
        foreach (var r in results)
        {
            var c = r.Certificate;
            table.AddRow([Markup.Escape(r.Family), .. Cells(c.ProposedHoldout, Markup.Escape(Short(c.Proposed.ToString())), c.ProposedLoss)]);
        }
        return table;
    }

    public static string Json(IReadOnlyList<CalibrationResult> results, CalibrationOptions options)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("program", options.Program.Name);
            CalibrationWriter.WriteLabels(json, options);
            json.WriteString("procedure", CalibrationWriter.Procedure(options));
            json.WritePropertyName("baseline_holdout");
            ResultWriter.WriteResult(json, results[0].Holdout.Baseline);
            json.WriteStartArray("families");
            foreach (var r in results)
                CalibrationWriter.WriteObject(json, r, options);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string[] Cells(ReplayResult r, string spec, LossEstimate? loss) =>
    [
        spec,
        (r.Accuracy * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
        (r.AccuracyStd * 100).ToString("0.00", CultureInfo.InvariantCulture),
        r.TokensPerQuestion.ToString("0.0", CultureInfo.InvariantCulture),
        r.TokensStd.ToString("0.0", CultureInfo.InvariantCulture),
        SavingFormat.Percent(r.TokenSavingVsCap),
        loss is null ? "" : Points(loss.Loss),
        loss is null ? "" : Points(loss.Upper),
    ];

    private static string Held(CalibrationOptions options) =>
        options.Folds > 0 ? $"every fold of a {options.Folds}-fold cross-validation, each by the choice made without it" : "the held-out split";

    private static string Short(string spec) => spec.Length <= SpecColumn ? spec : string.Concat(spec.AsSpan(0, SpecColumn - 1), "…");

    private static string Points(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Percent(double level) => (level * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
