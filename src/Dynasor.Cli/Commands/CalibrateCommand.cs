using System.CommandLine;
using System.Text.Json;
using Dynasor.Calibration;
using Dynasor.Cli.Output;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Cli.Commands;

/// <summary>
/// <c>dynasor calibrate</c>: searches a family for the cheapest policy within epsilon of SC@cap, certifies it on held-out
/// questions (cross-validation by default) or serves the anchor, and writes a policy file.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var trace = new Option<string>("--trace") { Description = "Trace file (JSON Lines) to calibrate on, or a directory recorded by serve --record (its sc files).", Required = true };
        var family = new Option<string[]>("--family")
        {
            Description = "Policy family to calibrate; 'best' tries every family and keeps the winner; 'best-live' every family 'serve' and 'simulate' can run (all but batch). "
                + "Pin parameters to search part of a grid (stepped:every=5). Several families: each is calibrated on the same split and orders and compared at equal accuracy.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var program = ProgramOption.One();
        var measure = MeasureOption.Create();
        var epsilon = new Option<double>("--epsilon") { Description = "Accuracy (fraction) the policy may lose against SC@cap; the upper confidence bound of its held-out loss must stay within it.", DefaultValueFactory = _ => 0.005 };
        var level = new Option<double>("--level") { Description = "Confidence level of the one-sided bound on the loss (normal approximation over questions); 0.5 is the point estimate.", DefaultValueFactory = _ => CalibrationOptions.DefaultLevel };
        var margin = new Option<double?>("--margin") { Description = "The bound's width in standard errors instead of --level (1.645 is --level 0.95; 0 the point estimate)." };
        var anchor = new Option<string>("--anchor") { Description = "The safe policy served when nothing cheaper is certified; 'none' serves the search's choice whatever its bound.", DefaultValueFactory = _ => CalibrationOptions.DefaultAnchor };
        var split = new Option<double>("--split") { Description = "Certify on one held-out split instead of cross-validation: this fraction of questions chooses, the rest is held out.", DefaultValueFactory = _ => 0.5 };
        var folds = new Option<int>("--folds") { Description = "Folds of the cross-validation that certifies the choice (the default procedure): each fold is held out once, then the policy is chosen on all questions.", DefaultValueFactory = _ => CalibrationOptions.DefaultFolds };
        var seed = new Option<int>("--seed") { Description = "Seed of the split (or folds) and the sample orders.", DefaultValueFactory = _ => 0 };
        var resample = new Option<bool>("--resample") { Description = "Replay with each question's samples drawn with replacement instead of shuffled (see replay --resample)." };
        var cap = RangeOption.Int("--cap", "Most samples per question:", 40, 1, ReplayOptions.MaxCap);
        var repeats = RangeOption.Int("--repeats", "Shuffled sample orders per evaluation:", 10, 1, ReplayOptions.MaxRepeats);
        var output = new Option<string?>("--out") { Description = "Write the calibrated policy file here (use it as --policy @FILE)." };
        var format = FormatOption.Create("calibrate", ResultFormat.Table, ResultFormat.Json);
        var labels = new Option<string>("--labels")
        {
            Description = "What a policy is scored against: gold (the trace's answers: accuracy), sc-vote (each question's majority answer over all its samples stands in: "
                + "agreement with SC@cap, for recorded traffic; only the families that stop once the vote is settled), or auto (gold when the trace has any, else sc-vote).",
            DefaultValueFactory = _ => "auto",
        };
        var compare = new Option<string[]>("--compare") { Description = "Policies to report on both splits beside the chosen one.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [CalibrationOptions.DefaultAnchor] };

        var command = new Command("calibrate", "Choose the cheapest policy whose held-out loss against SC@cap is certified within epsilon, else the anchor (Adaptive-Consistency).")
        {
            trace, family, program, measure, labels, epsilon, level, margin, anchor, split, folds, seed, cap, repeats, resample, output, format, compare,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var splitGiven = parse.GetResult(split) is { Implicit: false };
            var foldsGiven = parse.GetResult(folds) is { Implicit: false };
            if (splitGiven && foldsGiven)
                throw new ArgumentException("--split and --folds cannot be used together; --folds K cross-validates over K folds instead of one split");
            if (foldsGiven && parse.GetValue(folds) == 0)
                throw new ArgumentException("--folds 0 is invalid; for a single split use --split 0.5, or 2 or more folds (for example 5)");
            if (parse.GetResult(level) is { Implicit: false } && parse.GetValue(margin) is not null)
                throw new ArgumentException("--level and --margin cannot be used together; --margin M is the bound --level gives, stated in standard errors (1.645 is --level 0.95)");
            var anchorText = parse.GetValue(anchor)!.Trim();
            var options = new CalibrationOptions(
                parse.GetValue(epsilon), parse.GetValue(split), parse.GetValue(seed), parse.GetValue(cap), parse.GetValue(repeats), parse.GetValue(margin),
                splitGiven ? 0 : parse.GetValue(folds), parse.GetValue(resample), parse.GetValue(level),
                anchorText.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : anchorText)
            {
                Program = parse.GetValue(program)!,
                Measure = parse.GetValue(measure),
            }.Validate();
            var names = (parse.GetValue(family) ?? []).Select(f => FamilySelection.Parse(f).Text).Distinct().ToList();
            if (names.Count > 1 && parse.GetValue(output) is not null)
                throw new ArgumentException($"--out writes one policy file, and {names.Count} families are calibrated; calibrate the one to serve alone to write its file");
            var anchors = (parse.GetValue(compare) ?? []).Select(PolicyCatalog.Parse).ToList();
            OutputFile.CheckWritable(parse.GetValue(output), "--out");
            var requested = Labels(parse.GetValue(labels)!);
            var used = LabelSource.Gold;
            var tracePath = parse.GetValue(trace)!;
            var prepared = TraceSource.Load(tracePath, options.Cap, Console.Error, questions =>
            {
                used = VoteLabels.Resolve(requested, questions, tracePath);
                if (used == LabelSource.ScVote)
                    return questions.Select(VoteLabels.Apply).ToList();
                var unlabelled = questions.Count(q => !VoteLabels.HasGold([q]));
                if (unlabelled > 0)
                    Console.Error.WriteLine($"dynasor: warning: {unlabelled} of {questions.Count} questions of {tracePath} have no target and no graded sample: they count as wrong; --labels sc-vote measures agreement with SC@cap instead");
                return questions;
            });
            options = (options with { Labels = used }).Validate();
            if (used == LabelSource.ScVote)
            {
                foreach (var searched in names)
                    FamilySelection.Parse(searched).ForVoteLabels();
                Console.Error.WriteLine($"dynasor: {(requested == LabelSource.Auto ? $"{tracePath} has no gold answers, so " : "")}calibrating against SC@cap's own vote (--labels sc-vote): "
                    + $"the figures are agreement with SC@cap, not accuracy; families searched: {string.Join(", ", VoteLabels.Families)}");
            }
            if (names.Count > 1)
            {
                var results = ProgressReporter.Run($"calibrating {string.Join(", ", names)}", p => Calibrator.CalibrateEach(prepared, names, options, anchors, p));
                ComparisonWriter.Write(Console.Out, results, options, parse.GetValue(format));
                return 0;
            }
            var name = names[0];
            var result = ProgressReporter.Run($"calibrating {name}", p => Calibrator.Calibrate(prepared, name, options, anchors, p));
            CalibrationWriter.Write(Console.Out, result, options, parse.GetValue(format));
            if (parse.GetValue(output) is { } path)
            {
                ToPolicyFile(result, prepared.Name, options).Save(path);
                OutputFile.Announce(path, "the policy file");
                Console.Error.WriteLine($"use it with --policy @{path}");
            }
            return 0;
        }));
        return command;
    }

    private static LabelSource Labels(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => LabelSource.Auto,
        "gold" => LabelSource.Gold,
        "sc-vote" => LabelSource.ScVote,
        _ => throw new ArgumentException($"--labels '{text}' is unknown; use auto, gold or sc-vote"),
    };

    private static PolicyFile ToPolicyFile(CalibrationResult result, string trace, CalibrationOptions options) => new()
    {
        Spec = result.Chosen.ToString(),
        Family = result.Chosen.Name,
        Program = options.Program.Name,
        Trace = trace,
        Epsilon = options.Epsilon,
        Split = options.Folds > 0 ? null : options.Split,
        Folds = options.Folds > 0 ? options.Folds : null,
        Seed = options.Seed,
        Resample = options.Resample ? true : null,
        // The served policy where the search ran (for the anchor, its own figures there: it was not chosen on them).
        Calibration = Element(json => CalibrationWriter.WritePair(json, result.Certificate.AnchorServed ? result.Calibration with { Policy = result.AnchorCalibration! } : result.Calibration)),
        Holdout = Element(json => CalibrationWriter.WritePair(json, new SplitReport(result.Certificate.ServedHoldout, result.Certificate.BaselineHoldout))),
        Certification = Element(json => CalibrationWriter.WriteCertification(json, result.Certificate, options)),
    };

    private static JsonElement Element(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
            write(json);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
