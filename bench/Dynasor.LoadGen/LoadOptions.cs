namespace Dynasor.LoadGen;

/// <summary>Settings of one load run, from the command line.</summary>
/// <param name="Streams">Concurrent streams per group.</param>
/// <param name="MaxTokens">Completion tokens each stream asks for.</param>
/// <param name="Rounds">Rounds of all groups at once; latencies pool over rounds.</param>
/// <param name="TimeScale">The simulated engine's time scale (1 = the cost model's real time).</param>
/// <param name="Seed">The simulated engine's seed.</param>
/// <param name="RampMs">Stream i of every group starts at i/Streams of this many milliseconds.</param>
/// <param name="AaTest">Send the second group directly too (A/A): shows the noise floor of the comparison.</param>
/// <param name="NoNginx">Leave out the group through nginx (the reference proxy).</param>
/// <param name="WarmupRounds">Full rounds run first and not measured (connections open, tiered compilation done).</param>
/// <param name="Io">Dynasor's <c>--io</c>: <c>inline</c> (its default) or <c>pool</c>.</param>
internal sealed record LoadOptions(int Streams = 256, int MaxTokens = 256, int Rounds = 2, double TimeScale = 1, int Seed = 0, int RampMs = 2000, bool AaTest = false, bool NoNginx = false, int WarmupRounds = 2, string Io = "inline")
{
    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "--aa" or "--no-nginx")
            {
                options = args[i] == "--aa" ? options with { AaTest = true } : options with { NoNginx = true };
                i--;
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--streams" => options with { Streams = Positive(args[i], value) },
                "--max-tokens" => options with { MaxTokens = Positive(args[i], value) },
                "--rounds" => options with { Rounds = Positive(args[i], value) },
                "--warmup-rounds" => options with { WarmupRounds = int.TryParse(value, out var w) && w >= 0 ? w : throw new ArgumentException($"--warmup-rounds {value} must be 0 or more.") },
                "--time-scale" => options with { TimeScale = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--ramp-ms" => options with { RampMs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
                "--io" => options with { Io = value is "inline" or "pool" ? value : throw new ArgumentException($"--io {value} must be inline or pool.") },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --streams, --max-tokens, --rounds, --warmup-rounds, --time-scale, --seed, --ramp-ms, --io, --aa, --no-nginx."),
            };
        }
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{name} {value} must be a positive integer.");
}
