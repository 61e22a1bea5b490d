using Dynasor.Rewards;

namespace Dynasor.Simulation;

/// <summary>
/// The tree programs' process reward model in the simulator: the in-process <see cref="SimulatedRewardModel"/>'s scores,
/// delivered after the time one prefill of the scored text takes (<see cref="IterationCostModel.PrefillMs"/> of
/// <see cref="RewardScore.Tokens"/>). The PRM runs on its own GPU next to each policy replica (the paper's setups serve
/// a 7B reward model beside the policy model), so a call costs the program latency but no policy-replica time; it is
/// never queued (a step's scoring is one prefill, a small load next to the step's decoding) and it is not
/// prefix-cached (the whole path is prefilled): two simplifications that err in opposite directions.
/// </summary>
internal sealed class SimulatedPrm(SimulatedRewardModel model, EventQueue events, IterationCostModel cost) : IRewardModel
{
    // Fires before engine boundaries at the same instant, so a program's next step joins the next iteration.
    private const int Priority = 0;

    /// <summary>Reward calls made.</summary>
    public long Calls { get; private set; }

    public ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default)
    {
        var score = model.Score(request);
        Calls++;
        var ms = cost.PrefillMs(score.Tokens, (double)score.Tokens * score.Tokens);
        var done = new TaskCompletionSource<RewardScore>();
        events.At(events.Clock.Seconds + ms / 1000, Priority, () => done.SetResult(score));
        return new ValueTask<RewardScore>(done.Task);
    }
}
