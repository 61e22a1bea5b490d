using System.Globalization;

namespace Dynasor.LoadGen;

/// <summary>Settings of the live program load test (<c>programs</c> mode), from the command line.</summary>
/// <param name="Programs">Programs per scheduler run.</param>
/// <param name="Rate">Offered load: Poisson arrivals per second.</param>
/// <param name="MaxBatch">The simulated engine's batch (sequences at once); also each scheduler's --max-inflight.</param>
/// <param name="TimeScale">The simulated engine's time scale.</param>
/// <param name="MaxSamples">Most samples per self-consistency program.</param>
/// <param name="MaxTokens">Token limit of each sample.</param>
/// <param name="Policy">The allocation policy of every program (the same for both schedulers).</param>
/// <param name="DeadlineMs">Deadline of every program, for the attainment column; 0: none.</param>
/// <param name="Seed">Seeds arrivals, questions and samples (identical for every scheduler).</param>
/// <param name="Schedulers">The schedulers compared, in run order.</param>
internal sealed record ProgramLoadOptions(
    int Programs = 120, double Rate = 1.0, int MaxBatch = 8, double TimeScale = 0.05, int MaxSamples = 8, int MaxTokens = 2048,
    string Policy = "settle", int DeadlineMs = 0, int Seed = 0, string[]? Schedulers = null)
{
    public IReadOnlyList<string> EffectiveSchedulers => Schedulers ?? ["fcfs", "dynasor"];

    public static ProgramLoadOptions Parse(string[] args)
    {
        var o = new ProgramLoadOptions();
        var c = CultureInfo.InvariantCulture;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            o = args[i] switch
            {
                "--programs" => o with { Programs = Positive(args[i], value) },
                "--rate" => o with { Rate = double.TryParse(value, NumberStyles.Float, c, out var r) && r > 0 ? r : throw new ArgumentException($"--rate {value} must be a positive number.") },
                "--max-batch" => o with { MaxBatch = Positive(args[i], value) },
                "--time-scale" => o with { TimeScale = double.TryParse(value, NumberStyles.Float, c, out var t) && t >= 0 ? t : throw new ArgumentException($"--time-scale {value} must be >= 0.") },
                "--max-samples" => o with { MaxSamples = Positive(args[i], value) },
                "--max-tokens" => o with { MaxTokens = Positive(args[i], value) },
                "--policy" => o with { Policy = value },
                "--deadline-ms" => o with { DeadlineMs = int.TryParse(value, out var d) && d >= 0 ? d : throw new ArgumentException($"--deadline-ms {value} must be >= 0.") },
                "--seed" => o with { Seed = int.Parse(value, c) },
                "--schedulers" => o with { Schedulers = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --programs, --rate, --max-batch, --time-scale, --max-samples, --max-tokens, --policy, --deadline-ms, --seed, --schedulers."),
            };
        }
        return o;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{name} {value} must be a positive integer.");
}
