using System.CommandLine;
using Dynasor.SimEngine;

namespace Dynasor.Cli.Commands;

/// <summary>The simulated engine's options, shared by <c>sim-engine</c> and <c>serve</c> without an upstream.</summary>
internal sealed record SimOptions(Option<int> Seed, Option<double> TimeScale, Option<int> MaxBatch, Option<string?> Model)
{
    public static SimOptions Create()
    {
        var defaults = new SimEngineOptions();
        return new SimOptions(
            new Option<int>("--seed") { Description = "Seed of the simulated engine: with the question it fixes difficulty, gold answer and chain.", DefaultValueFactory = _ => 0 },
            // A thousand times slower than a GPU is a request per hour; nobody waits longer for a demo engine.
            RangeOption.Double("--time-scale", "Multiplies the cost model's step times; 0 answers instantly;", defaults.TimeScale, 0, 1000),
            // Engines batch a few hundred sequences (vLLM's max_num_seqs is 256); 65,536 is far past any of them.
            RangeOption.Int("--max-batch", "Most sequences the simulated engine decodes at once:", defaults.MaxBatch, 1, 65_536),
            new Option<string?>("--model") { Description = $"Model name: the one to ask the upstream for (default: the first it lists), or the simulated engine's (default {defaults.ModelName})." });
    }

    /// <summary>Builds the engine from the parsed options; a bad value fails with the engine's message naming it.</summary>
    public SimulatedEngine CreateEngine(ParseResult parse) =>
        new(new SimEngineOptions
        {
            Seed = parse.GetValue(Seed),
            TimeScale = parse.GetValue(TimeScale),
            MaxBatch = parse.GetValue(MaxBatch),
            ModelName = parse.GetValue(Model) ?? new SimEngineOptions().ModelName,
        }, TimeProvider.System);
}
