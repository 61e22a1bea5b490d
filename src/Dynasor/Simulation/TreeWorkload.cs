using System.Globalization;
using Dynasor.Engines;
using Dynasor.SimEngine;

namespace Dynasor.Simulation;

/// <summary>
/// What a simulated Rebase or MCTS program is asked: program i's question is the text <c>dynasor eval</c> seeds as its
/// (i+1)-th question under the run's seed, put to a simulated engine with that seed (so its latent zone, gold answer and
/// solutions are the ones <c>dynasor eval --seed S</c> and <c>dynasor sim-engine --seed S</c> see), with a per-program
/// sampling seed from which each tree node's seed follows (the template seed plus the node's id).
/// </summary>
internal static class TreeWorkload
{
    /// <summary>The options of the simulated engine whose questions and steps the tree programs use.</summary>
    public static SimEngineOptions Engine(SimulationOptions options) => new() { Seed = options.Seed, TimeScale = 0 };

    /// <summary>The question text of program <paramref name="index"/> (0-based): eval's question index + 1.</summary>
    public static string Question(int seed, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"Eval question {index + 1} (seed {seed}): what is the final answer?");

    /// <summary>
    /// The conversation and sampling of program <paramref name="index"/>: one user turn (the programs add the
    /// step-by-step system turn), its own sampling seed, temperature 0.7 (the engine ignores it; a real one would not).
    /// </summary>
    public static ContinuationRequest Template(SimulationOptions options, int index) => new(
        [new ChatTurn("user", Question(options.Seed, index))],
        "",
        options.Search.StepTokens,
        new SamplingOptions(Temperature: 0.7, Seed: (long)(SeededOrder.Mix((ulong)(uint)options.Seed, (ulong)index) >> 24)));
}
