using System.Runtime.CompilerServices;
using Dynasor.Answers;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Rewards;
using Dynasor.Search;
using Dynasor.SimEngine;

namespace Dynasor.Simulation;

/// <summary>
/// A Rebase or MCTS program: the real <see cref="RebaseProgram"/> or <see cref="MctsProgram"/> over a simulated
/// engine question, whose streaming engine is this object. A step request (the question, the path so far as the
/// assistant prefix, a seed, a stop at the step separator) becomes a <see cref="SimulatedSequence"/> on the program's
/// replica whose text and tokens are the step the live simulated engine would write for that prefix and seed
/// (<see cref="SolutionModel.Next(string, string, long)"/>); the step is yielded when the replica has decoded it.
/// Its context is the program's prompt plus the path (<see cref="SimulatedSequence.PathTokens"/>), of which only the
/// separator after the parent step is new to a replica that still holds the program's context.
/// </summary>
internal sealed class SimulatedTreeProgram : SimulatedProgram, IStreamingEngine
{
    private static readonly int SeparatorTokens = SimTokenizer.Count(SolutionSteps.Separator);
    private readonly SolutionModel _solutions;
    private readonly string _gold;
    private Func<IAllocationPolicy, Task<SearchResult>>? _run;

    public SimulatedTreeProgram(int index, ProgramKind kind, string question, ContinuationRequest template, SolutionModel solutions,
        IRewardModel rewards, SimulationOptions options, double arrival)
        : base(index, kind, arrival, DifficultyOf(solutions, question), options.BaseDeadlineOf(kind))
    {
        _solutions = solutions;
        _gold = solutions.Plan(question).Question.Model.Gold;
        var cap = options.CapOf(kind);
        if (kind == ProgramKind.Rebase)
        {
            var rebase = new RebaseProgram(this, rewards, template, cap, options.Search);
            Progress = rebase.Progress;
            _run = policy => rebase.RunAsync(policy);
        }
        else
        {
            var mcts = new MctsProgram(this, rewards, template, cap, options.Search);
            Progress = mcts.Progress;
            _run = policy => mcts.RunAsync(policy);
        }
    }

    public override ProgramProgress Progress { get; }

    protected override bool Correct => Progress.AnswerKey is { } key && key == AnswerKey.Of(_gold);

    /// <summary>The difficulty factor of a simulated question: easy 1, scaling 2, impossible 3 (the trace's all / some / none right).</summary>
    public static int DifficultyOf(SolutionModel solutions, string question) => solutions.Plan(question).Question.Model.Zone switch
    {
        Synthesis.QuestionZone.Easy => 1,
        Synthesis.QuestionZone.Scaling => 2,
        _ => 3,
    };

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = request.TextPrefix;
        var step = _solutions.Next(request.Question, prefix, request.Sampling.Seed ?? 0);
        var (text, tokens, finish) = Cut(step?.Text ?? "", step?.Tokens ?? 0, request.MaxTokens);
        var path = SimTokenizer.Count(prefix);
        var sequence = new SimulatedSequence(this, new Generation(text, tokens))
        {
            PathTokens = path,
            FreshTokens = Math.Min(path, SeparatorTokens),
        };
        var done = await Submit(sequence).ConfigureAwait(false);
        yield return new StreamedToken(done.Text, done.Tokens, finish);
    }

    protected override async Task RunProgramAsync(IAllocationPolicy policy)
    {
        var run = _run ?? throw new InvalidOperationException("a simulated tree program runs once");
        // The tree is dropped once answered: a run keeps every program to the end, and trees are most of their memory.
        _run = null;
        await run(policy).ConfigureAwait(false);
    }

    // A step longer than MaxTokens is cut after MaxTokens tokens, finish "length", as the live engine cuts it.
    private static (string Text, int Tokens, string Finish) Cut(string text, int tokens, int maxTokens)
    {
        if (tokens <= maxTokens)
            return (text, tokens, "stop");
        var end = 0;
        for (var i = 0; i < maxTokens; i++)
            end = SimTokenizer.End(text, end);
        return (text[..end], maxTokens, "length");
    }
}
