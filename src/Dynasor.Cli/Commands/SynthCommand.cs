using System.CommandLine;
using Dynasor.Cli.Output;
using Dynasor.Synthesis;
using Dynasor.Traces;

namespace Dynasor.Cli.Commands;

/// <summary><c>dynasor synth</c>: writes a seeded synthetic trace (easy, scaling and impossible questions).</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var defaults = new SynthOptions();
        var questions = RangeOption.Int("--questions", "Questions to generate (streamed to the output, so memory stays flat):", defaults.Questions, 1, SynthOptions.MaxQuestions);
        var samples = RangeOption.Int("--samples", "Samples per question:", defaults.SamplesPerQuestion, 1, SynthOptions.MaxSamplesPerQuestion);
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same trace.", DefaultValueFactory = _ => defaults.Seed };
        var output = new Option<string?>("--out") { Description = "Write the trace here (JSON Lines); default: standard output." };

        var command = new Command("synth", "Write a synthetic trace whose defaults are fitted to gsm8k.gpt-4o-mini (see src/Dynasor/Synthesis/README.md).")
        {
            questions, samples, seed, output,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var options = defaults with { Questions = parse.GetValue(questions), SamplesPerQuestion = parse.GetValue(samples), Seed = parse.GetValue(seed) };
            options.Validate();
            var path = parse.GetValue(output);
            OutputFile.CheckWritable(path, "--out");
            using (var writer = path is not null ? new TraceWriter(path) : new TraceWriter(Console.OpenStandardOutput(), leaveOpen: true))
            {
                foreach (var question in SyntheticTrace.Generate(options))
                    writer.Write(question);
            }
            if (path is not null)
                OutputFile.Announce(path, $"{options.Questions} questions x {options.SamplesPerQuestion} samples");
            return 0;
        }));
        return command;
    }
}
