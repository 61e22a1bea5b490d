using System.Globalization;
using System.Text;
using System.Text.Json;
using Dynasor.Calibration;
using Dynasor.Replay;

namespace Dynasor.Cli.Output;

/// <summary>Prints a calibration as a table or one JSON document, and the certification block of its policy file.</summary>
internal static class CalibrationWriter
{
    public static void Write(TextWriter output, CalibrationResult result, CalibrationOptions options, ResultFormat format)
    {
        if (format == ResultFormat.Json)
        {
            output.WriteLine(Json(result, options));
            return;
        }
        var c = result.Certificate;
        if (options.Labels == LabelSource.ScVote)
            output.WriteLine(Measured);
        output.WriteLine($"chosen: {result.Chosen}{(c.AnchorServed ? " (the anchor)" : "")}");
        output.WriteLine(Verdict(c));
        output.WriteLine($"held-out loss against {c.BaselineHoldout.Policy} ({Procedure(options)}, {c.ProposedLoss.Questions} questions; one-sided {Percent(c.ProposedLoss.Level)} bound, normal approximation over questions):");
        WriteLoss(output, "search", result.FoldChoices.Count > 0 ? "the choice made without each fold" : c.Proposed.ToString(), c.ProposedLoss, c.ProposedHoldout, c);
        if (c.Anchor is not null)
            WriteLoss(output, "anchor", c.Anchor.ToString(), c.AnchorLoss!, c.AnchorHoldout!, c);
        if (result.FoldChoices.Count > 0)
        {
            output.WriteLine($"search's choice: {c.Proposed} ({result.Candidates} candidates evaluated on all questions)");
            for (var k = 0; k < result.FoldChoices.Count; k++)
                output.WriteLine($"  without fold {k + 1}: {result.FoldChoices[k]}");
            output.WriteLine("cross-validated: every fold held out once, scored by the choice made without it (the figures to trust):");
            ResultWriter.Write(output, Rows(result.Holdout, c.AnchorHoldout, result.Compared.Select(p => p.Holdout)), ResultFormat.Table);
            output.WriteLine("all questions (where the final choice was made):");
        }
        else
        {
            output.WriteLine($"search's choice: {c.Proposed} ({result.Candidates} candidates evaluated on the calibration split)");
            output.WriteLine("held-out split (the figures to trust):");
            ResultWriter.Write(output, Rows(result.Holdout, c.AnchorHoldout, result.Compared.Select(p => p.Holdout)), ResultFormat.Table);
            output.WriteLine("calibration split (where the choice was made):");
        }
        ResultWriter.Write(output, [.. Rows(result.Calibration, result.AnchorCalibration, result.Compared.Select(p => p.Calibration)), .. result.FamilyWinners], ResultFormat.Table);
    }

    /// <summary>What a calibration on SC@cap-vote labels measured, said plainly before its figures.</summary>
    public const string Measured = "measured: agreement with SC@cap, NOT accuracy. The questions have no gold answers, so each one's majority answer over all its recorded samples "
        + "stands in as the label (--labels sc-vote): 'accuracy' below is how often a policy's answer equals SC@cap's, and 'loss' is how much more often it disagrees.";

    /// <summary>One sentence: what is served and why, with the bound that decided it (loss in accuracy points).</summary>
    public static string Verdict(Certificate c)
    {
        var loss = c.ProposedLoss;
        var bound = $"held-out loss {Points(loss.Loss)} points against {c.BaselineHoldout.Policy}, at most {Points(loss.Upper)} at {Percent(loss.Level)}";
        var epsilon = $"epsilon {Points(c.Epsilon)}";
        if (c.Anchor is null)
            return c.WithinEpsilon
                ? $"certified (no anchor): {bound}, within {epsilon}"
                : $"NOT certified (no anchor, served anyway): {bound}, over {epsilon}";
        if (c.Certified)
            return $"certified: {bound}, within {epsilon}, at {Ratio(c.ProposedHoldout, c.AnchorHoldout!)}x the tokens of the anchor {c.Anchor}";
        var anchorLoss = c.AnchorLoss!;
        var anchorNote = anchorLoss.Upper <= c.Epsilon
            ? $"its own held-out loss is at most {Points(anchorLoss.Upper)} points"
            : $"the anchor is not certified either: its own held-out loss is {Points(anchorLoss.Loss)} points, at most {Points(anchorLoss.Upper)}";
        if (c.Proposed.ToString() == c.Anchor.ToString())
            return $"NOT certified: no policy cheaper than the anchor passes even on the questions the search ran on, so the anchor {c.Anchor} is served; {anchorNote}";
        if (!c.WithinEpsilon)
            return $"NOT certified: the search's choice has {bound}, over {epsilon}; this data cannot certify epsilon for any policy cheaper than the anchor, so the anchor {c.Anchor} is served; {anchorNote}";
        return $"NOT certified: the search's choice is within {epsilon} held out but drew {Ratio(c.ProposedHoldout, c.AnchorHoldout!)}x the anchor's tokens there, so the anchor {c.Anchor} is served; {anchorNote}";
    }

    /// <summary>The <c>certification</c> object of the JSON output and of the policy file.</summary>
    public static void WriteCertification(Utf8JsonWriter json, Certificate c, CalibrationOptions options)
    {
        json.WriteStartObject();
        json.WriteString("procedure", Procedure(options));
        WriteLabels(json, options);
        if (options.Folds > 0)
            json.WriteNumber("folds", options.Folds);
        else
            json.WriteNumber("split", options.Split);
        json.WriteNumber("questions", c.ProposedLoss.Questions);
        json.WriteString("baseline", c.BaselineHoldout.Policy);
        json.WriteString("bound", "one-sided upper bound of the mean paired per-question loss (baseline accuracy minus policy accuracy over the orders), normal approximation over questions: mean + z * sd / sqrt(n)");
        json.WriteNumber("level", Math.Round(c.ProposedLoss.Level, 6));
        json.WriteNumber("z", Math.Round(c.Z, 6));
        json.WriteNumber("epsilon", c.Epsilon);
        json.WriteBoolean("certified", c.Certified);
        json.WriteBoolean("anchor_served", c.AnchorServed);
        json.WriteString("verdict", Verdict(c));
        json.WritePropertyName("chosen");
        WriteLoss(json, c.Served.ToString(), c.ServedLoss, c.ServedHoldout, c);
        json.WritePropertyName("proposed");
        WriteLoss(json, c.Proposed.ToString(), c.ProposedLoss, c.ProposedHoldout, c);
        json.WritePropertyName("anchor");
        if (c.Anchor is null)
            json.WriteNullValue();
        else
            WriteLoss(json, c.Anchor.ToString(), c.AnchorLoss!, c.AnchorHoldout!, c);
        json.WriteEndObject();
    }

    public static string Json(CalibrationResult result, CalibrationOptions options)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
            WriteObject(json, result, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The calibration as one JSON object (what <see cref="Json"/> prints).</summary>
    public static void WriteObject(Utf8JsonWriter json, CalibrationResult result, CalibrationOptions options)
    {
        json.WriteStartObject();
        json.WriteString("family", result.Family);
        json.WriteString("program", options.Program.Name);
        WriteLabels(json, options);
        json.WriteString("chosen", result.Chosen.ToString());
        json.WriteString("proposed", result.Certificate.Proposed.ToString());
        json.WriteBoolean("certified", result.Certificate.Certified);
        json.WriteNumber("candidates", result.Candidates);
        if (result.FoldChoices.Count > 0)
        {
            json.WriteStartArray("fold_choices");
            foreach (var spec in result.FoldChoices)
                json.WriteStringValue(spec.ToString());
            json.WriteEndArray();
        }
        json.WritePropertyName("certification");
        WriteCertification(json, result.Certificate, options);
        json.WritePropertyName("calibration");
        WritePair(json, result.Calibration);
        json.WritePropertyName("holdout");
        WritePair(json, result.Holdout);
        json.WriteStartArray("compared");
        foreach (var c in result.Compared)
        {
            json.WriteStartObject();
            json.WritePropertyName("calibration");
            ResultWriter.WriteResult(json, c.Calibration);
            json.WritePropertyName("holdout");
            ResultWriter.WriteResult(json, c.Holdout);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("family_winners");
        foreach (var r in result.FamilyWinners)
            ResultWriter.WriteResult(json, r);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary><c>"labels"</c> and <c>"measured"</c>: gold answers and accuracy, or SC@cap's vote and agreement with it.</summary>
    public static void WriteLabels(Utf8JsonWriter json, CalibrationOptions options)
    {
        var vote = options.Labels == LabelSource.ScVote;
        json.WriteString("labels", vote ? "sc-vote" : "gold");
        json.WriteString("measured", vote ? "agreement with SC@cap's majority answer over each question's recorded samples, not accuracy" : "accuracy against the trace's gold answers");
    }

    /// <summary><c>{"policy": …, "baseline": …}</c>.</summary>
    public static void WritePair(Utf8JsonWriter json, SplitReport split)
    {
        json.WriteStartObject();
        json.WritePropertyName("policy");
        ResultWriter.WriteResult(json, split.Policy);
        json.WritePropertyName("baseline");
        ResultWriter.WriteResult(json, split.Baseline);
        json.WriteEndObject();
    }

    internal static string Procedure(CalibrationOptions options) =>
        options.Folds > 0
            ? $"{options.Folds}-fold cross-validation"
            : $"split {options.Split.ToString(CultureInfo.InvariantCulture)}";

    // The rows of one table: the search's choice, the baseline, the anchor unless it is compared anyway, the comparisons.
    private static List<ReplayResult> Rows(SplitReport split, ReplayResult? anchor, IEnumerable<ReplayResult> compared)
    {
        var rows = new List<ReplayResult> { split.Policy, split.Baseline };
        foreach (var row in (anchor is null ? compared : compared.Prepend(anchor)))
        {
            if (!rows.Any(r => r.Policy == row.Policy))
                rows.Add(row);
        }
        return rows;
    }

    private static void WriteLoss(TextWriter output, string role, string policy, LossEstimate loss, ReplayResult held, Certificate c)
    {
        var versus = c.AnchorHoldout is { } anchor && !ReferenceEquals(held, anchor) ? $" = {Ratio(held, anchor)}x the anchor's" : "";
        output.WriteLine($"  {role}: {policy}: loss {Points(loss.Loss)} ± {Points(loss.StandardError)} (s.e.) points, upper bound {Points(loss.Upper)}; {held.TokensPerQuestion.ToString("0.0", CultureInfo.InvariantCulture)} tokens/q{versus}");
    }

    private static void WriteLoss(Utf8JsonWriter json, string policy, LossEstimate loss, ReplayResult held, Certificate c)
    {
        json.WriteStartObject();
        json.WriteString("policy", policy);
        json.WriteString("evaluated_as", held.Policy);
        json.WriteNumber("loss", Math.Round(loss.Loss, 6));
        json.WriteNumber("loss_standard_error", Math.Round(loss.StandardError, 6));
        json.WriteNumber("loss_upper", Math.Round(loss.Upper, 6));
        json.WriteNumber("accuracy", Math.Round(held.Accuracy, 6));
        json.WriteNumber("tokens_per_question", Math.Round(held.TokensPerQuestion, 1));
        if (c.AnchorHoldout is { } anchor)
            json.WriteNumber("tokens_vs_anchor", Math.Round(held.TokensPerQuestion / anchor.TokensPerQuestion, 4));
        json.WriteEndObject();
    }

    private static string Points(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Percent(double level) => (level * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Ratio(ReplayResult a, ReplayResult b) =>
        b.TokensPerQuestion == 0 ? "n/a" : (a.TokensPerQuestion / b.TokensPerQuestion).ToString("0.00", CultureInfo.InvariantCulture);
}
