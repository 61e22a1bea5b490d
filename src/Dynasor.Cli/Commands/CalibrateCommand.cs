using System.CommandLine;
using System.Text;
using System.Text.Json;
using Dynasor.Calibration;
using Dynasor.Cli.Output;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Cli.Commands;

/// <summary><c>dynasor calibrate</c>: chooses a family's parameters on a calibration split and writes a policy file.</summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var trace = new Option<string>("--trace") { Description = "Trace file (JSON Lines) to calibrate on.", Required = true };
        var family = new Option<string>("--family") { Description = "Policy family to calibrate; 'best' tries every family and keeps the winner; 'best-live' every family 'serve' and 'simulate' can run (all but batch).", Required = true };
        var epsilon = new Option<double>("--epsilon") { Description = "Accuracy (fraction) the policy may lose against SC@cap on the calibration split.", DefaultValueFactory = _ => 0.005 };
        var margin = new Option<double>("--margin") { Description = "Safety margin: standard errors of the paired per-question accuracy difference vs SC@cap a candidate must clear -epsilon by (0: point estimate).", DefaultValueFactory = _ => 1.0 };
        var split = new Option<double>("--split") { Description = "Fraction of questions used to calibrate; the rest is held out.", DefaultValueFactory = _ => 0.5 };
        var folds = new Option<int>("--folds") { Description = "Cross-validate instead of one split: hold out each of K folds once (the held-out figures pool them), then choose on all questions. For small traces.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split (or folds) and the sample orders.", DefaultValueFactory = _ => 0 };
        var resample = new Option<bool>("--resample") { Description = "Replay with each question's samples drawn with replacement instead of shuffled (see replay --resample)." };
        var cap = new Option<int>("--cap") { Description = "Most samples per question.", DefaultValueFactory = _ => 40 };
        var repeats = new Option<int>("--repeats") { Description = "Shuffled sample orders per evaluation.", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--out") { Description = "Write the calibrated policy file here (use it as --policy @FILE)." };
        var format = new Option<ResultFormat>("--format") { Description = "table or json.", DefaultValueFactory = _ => ResultFormat.Table };
        var compare = new Option<string[]>("--compare") { Description = "Policies to report on both splits beside the chosen one.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["ac:confidence=0.95"] };

        var command = new Command("calibrate", "Choose a policy's parameters on a calibration split: fewest tokens at accuracy >= SC@cap - epsilon.")
        {
            trace, family, epsilon, margin, split, folds, seed, cap, repeats, resample, output, format, compare,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            if (parse.GetResult(split) is { Implicit: false } && parse.GetValue(folds) != 0)
                throw new ArgumentException("--split and --folds cannot be used together; --folds K cross-validates over K folds instead of one split");
            var options = new CalibrationOptions(parse.GetValue(epsilon), parse.GetValue(split), parse.GetValue(seed), parse.GetValue(cap), parse.GetValue(repeats), parse.GetValue(margin), parse.GetValue(folds), parse.GetValue(resample)).Validate();
            var name = parse.GetValue(family)!.Trim().ToLowerInvariant();
            if (name is not (Calibrator.Best or Calibrator.BestLive))
                PolicyCatalog.Family(name);
            var anchors = (parse.GetValue(compare) ?? []).Select(PolicyCatalog.Parse).ToList();
            var prepared = PreparedTrace.Load(parse.GetValue(trace)!);
            var result = ProgressReporter.Run($"calibrating {name}", p => Calibrator.Calibrate(prepared, name, options, anchors, p));
            Print(result, parse.GetValue(format));
            if (parse.GetValue(output) is { } path)
            {
                ToPolicyFile(result, prepared.Name, options).Save(path);
                Console.Error.WriteLine($"wrote {path}: use it with --policy @{path}");
            }
            return 0;
        }));
        return command;
    }

    private static void Print(CalibrationResult result, ResultFormat format)
    {
        if (format == ResultFormat.Json)
        {
            Console.Out.WriteLine(Json(result));
            return;
        }
        if (result.FoldChoices.Count > 0)
        {
            Console.Out.WriteLine($"chosen: {result.Chosen} ({result.Candidates} candidates evaluated on all questions)");
            for (var k = 0; k < result.FoldChoices.Count; k++)
                Console.Out.WriteLine($"  without fold {k + 1}: {result.FoldChoices[k]}");
            Console.Out.WriteLine($"cross-validated: every fold held out once, scored by the choice made without it (the figures to trust):");
            ResultWriter.Write(Console.Out, [result.Holdout.Policy, result.Holdout.Baseline, .. result.Compared.Select(c => c.Holdout)], ResultFormat.Table);
            Console.Out.WriteLine("all questions (where the final choice was made):");
        }
        else
        {
            Console.Out.WriteLine($"chosen: {result.Chosen} ({result.Candidates} candidates evaluated on the calibration split)");
            Console.Out.WriteLine("held-out split (the figures to trust):");
            ResultWriter.Write(Console.Out, [result.Holdout.Policy, result.Holdout.Baseline, .. result.Compared.Select(c => c.Holdout)], ResultFormat.Table);
            Console.Out.WriteLine("calibration split (where the choice was made):");
        }
        ResultWriter.Write(Console.Out, [result.Calibration.Policy, result.Calibration.Baseline, .. result.Compared.Select(c => c.Calibration), .. result.FamilyWinners], ResultFormat.Table);
    }

    private static string Json(CalibrationResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("family", result.Family);
            json.WriteString("chosen", result.Chosen.ToString());
            json.WriteNumber("candidates", result.Candidates);
            if (result.FoldChoices.Count > 0)
            {
                json.WriteStartArray("fold_choices");
                foreach (var spec in result.FoldChoices)
                    json.WriteStringValue(spec.ToString());
                json.WriteEndArray();
            }
            WriteSplit(json, "calibration", result.Calibration);
            WriteSplit(json, "holdout", result.Holdout);
            json.WriteStartArray("compared");
            foreach (var c in result.Compared)
                WritePair(json, ("calibration", c.Calibration), ("holdout", c.Holdout));
            json.WriteEndArray();
            json.WriteStartArray("family_winners");
            foreach (var r in result.FamilyWinners)
                ResultWriter.WriteResult(json, r);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteSplit(Utf8JsonWriter json, string name, SplitReport split)
    {
        json.WritePropertyName(name);
        WriteSplitBody(json, split);
    }

    private static PolicyFile ToPolicyFile(CalibrationResult result, string trace, CalibrationOptions options) => new()
    {
        Spec = result.Chosen.ToString(),
        Family = result.Chosen.Name,
        Trace = trace,
        Epsilon = options.Epsilon,
        Split = options.Folds > 0 ? null : options.Split,
        Folds = options.Folds > 0 ? options.Folds : null,
        Seed = options.Seed,
        Resample = options.Resample ? true : null,
        Calibration = Element(result.Calibration),
        Holdout = Element(result.Holdout),
    };

    private static JsonElement Element(SplitReport split)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
            WriteSplitBody(json, split);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static void WriteSplitBody(Utf8JsonWriter json, SplitReport split) =>
        WritePair(json, ("policy", split.Policy), ("baseline", split.Baseline));

    private static void WritePair(Utf8JsonWriter json, (string Name, ReplayResult Result) first, (string Name, ReplayResult Result) second)
    {
        json.WriteStartObject();
        json.WritePropertyName(first.Name);
        ResultWriter.WriteResult(json, first.Result);
        json.WritePropertyName(second.Name);
        ResultWriter.WriteResult(json, second.Result);
        json.WriteEndObject();
    }
}
