using Dynasor.SimEngine;
using Dynasor.Synthesis;

namespace Dynasor.Rewards;

/// <summary>
/// A simulated process reward model over the simulated engine's questions: it knows each question's latent solution
/// (<see cref="SimulatedEngine"/>'s solution mode) and scores every step with sigmoid(mu + noise·z) (see
/// <see cref="SimRewardOptions"/>). Step k that states a value is on or off track by the same reading the engine uses;
/// a step with a boxed answer is scored by whether the answer is the gold one, so best-of-N over ordinary chains works
/// too; any other step gets the neutral mean. z is seeded by (question, steps up to k): the same text always gets the
/// same rewards, as from a real PRM. Tokens count what a PRM reads: the system prompt, the question and the steps with
/// one step tag each, plus the chat template's few tokens per message. Thread safe; never waits.
/// </summary>
public sealed class SimulatedRewardModel : IRewardModel
{
    // Chat templates wrap each message in a few special tokens (as the engine counts them).
    private const int TokensPerMessage = 4;
    private const ulong NoiseSalt = 0x5052_4D5F_6E6F_6973UL;

    private readonly SolutionModel _solutions;

    /// <summary>The PRM of <paramref name="engine"/>'s questions (the same engine seed and question model).</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and the fix.</exception>
    public SimulatedRewardModel(SimulatedEngine engine, SimRewardOptions? options = null)
        : this(engine?.Solutions ?? throw new ArgumentNullException(nameof(engine)), options)
    {
    }

    /// <summary>The PRM of the questions of an engine with <paramref name="engineOptions"/> (for the discrete-event simulator).</summary>
    internal SimulatedRewardModel(SimEngineOptions engineOptions, SimRewardOptions? options = null)
        : this(new SolutionModel(engineOptions), options)
    {
    }

    private SimulatedRewardModel(SolutionModel solutions, SimRewardOptions? options)
    {
        Options = (options ?? new SimRewardOptions()).Validate();
        _solutions = solutions;
    }

    /// <summary>The validated options.</summary>
    public SimRewardOptions Options { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request has no steps.</exception>
    public ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Score(request));
    }

    /// <summary>The score of <paramref name="request"/>, synchronously (the simulator's path).</summary>
    internal RewardScore Score(RewardRequest request)
    {
        if (request.Steps is null || request.Steps.Count == 0)
        {
            throw new ArgumentException("RewardRequest.Steps is empty; score at least one step.", nameof(request));
        }

        var plan = _solutions.Plan(request.Question ?? "");
        var readings = SolutionReader.Read(plan, request.Steps);
        var rewards = new double[readings.Length];
        var o = Options;
        var keep = Math.Sqrt(1 - o.Correlation * o.Correlation);
        var z = 0.0;
        var text = StableHash.Of("");
        for (var i = 0; i < readings.Length; i++)
        {
            // The noise of step k is seeded by the text up to it: FNV-1a continued over the separator and the step.
            text = StableHash.Continue(StableHash.Continue(text, i == 0 ? "" : SolutionSteps.Separator), request.Steps[i]);
            var e = SyntheticQuestion.Gaussian(StableHash.Random(StableHash.Mix(StableHash.Mix(plan.Question.Hash, NoiseSalt), text)));
            z = i == 0 ? e : o.Correlation * z + keep * e;
            rewards[i] = Sigmoid(Mean(plan, readings, i) + o.Noise * z);
        }

        return new RewardScore(rewards, Tokens(request));
    }

    private double Mean(SolutionPlan plan, StepReading[] readings, int i)
    {
        var reading = readings[i];
        var margin = Options.Margin;
        switch (reading.Kind)
        {
            case StepKind.Final:
                return Answers.AnswerGrader.IsCorrect(reading.Answer ?? "", plan.Question.Model.Gold) ? margin : -margin;
            case StepKind.Value when reading.OnTrack:
                return margin * (0.5 + 0.5 * Math.Min(1.0, (i + 1.0) / plan.Steps));
            case StepKind.Value:
                // Falls from the step that left the track towards -margin at the solution's end.
                var off = reading.FirstOffTrack;
                return -margin * (0.5 + 0.5 * Math.Min(1.0, (i + 2.0 - off) / Math.Max(1.0, plan.Steps - off + 1.0)));
            default:
                return Options.NeutralMean;
        }
    }

    private static int Tokens(RewardRequest request)
    {
        var tokens = 3 * TokensPerMessage + SimTokenizer.Count(request.System ?? SolutionSteps.SystemPrompt) + SimTokenizer.Count(request.Question ?? "");
        foreach (var step in request.Steps)
        {
            // Each step is followed by one step tag (<extra_0>), one token for the PRM's tokenizer.
            tokens += SimTokenizer.Count(step) + 1;
        }

        return tokens;
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
