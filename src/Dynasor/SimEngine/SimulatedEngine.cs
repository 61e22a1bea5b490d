using System.Runtime.CompilerServices;
using Dynasor.Engines;
using Dynasor.Synthesis;

namespace Dynasor.SimEngine;

/// <summary>
/// An in-process reasoning model for tests, benchmarks and the server's default: for any question it writes
/// DeepSeek-R1-style chains whose answers vote like <see cref="SyntheticTrace"/>, answers probes with the chain's
/// current answer, continues its own partial output exactly, and times every token with an iteration cost model
/// over a shared batch. Asked to reason step by step (a system turn such as <c>SolutionSteps.SystemPrompt</c>), it
/// writes step-by-step solutions for tree search instead. The model is described in
/// <c>src/Dynasor/SimEngine/README.md</c>. Thread safe.
/// </summary>
public sealed class SimulatedEngine : IStreamingEngine, IAsyncDisposable
{
    // Chat templates wrap each message in a few special tokens.
    private const int TokensPerMessage = 4;

    private readonly ContinuationPlanner _planner;
    private readonly BatchLoop _loop;
    private int _open;

    /// <summary>Starts the engine loop.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and the fix.</exception>
    public SimulatedEngine(SimEngineOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        Options = options;
        _planner = new ContinuationPlanner(options);
        _loop = new BatchLoop(options, timeProvider, _ => Interlocked.Decrement(ref _open));
    }

    /// <summary>The validated options.</summary>
    public SimEngineOptions Options { get; }

    /// <summary>Requests admitted (queued or decoding) and not yet finished or cancelled.</summary>
    public int OpenRequests => Volatile.Read(ref _open);

    /// <summary>Every output token ever emitted, probes included.</summary>
    public long GeneratedTokens => _loop.Generated;

    /// <summary>The model name the engine reports.</summary>
    public string ModelName => Options.ModelName;

    /// <summary>
    /// Streams the continuation of <paramref name="request"/>: one <see cref="StreamedToken"/> per token, the last
    /// with finish <c>stop</c> or <c>length</c>. The output depends only on the engine seed, the question (last
    /// user turn), <see cref="SamplingOptions.Seed"/> (a fresh sample per request without one) and the assistant
    /// prefix. Cancelling or disposing the enumerator leaves the batch at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">MaxTokens is below 1.</exception>
    /// <exception cref="ObjectDisposedException">The engine was disposed.</exception>
    public async IAsyncEnumerable<StreamedToken> StreamAsync(
        ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxTokens < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(request), request.MaxTokens, "ContinuationRequest.MaxTokens must be at least 1; ask for 1 or more tokens.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var sequence = new Sequence(_planner.Plan(request), PromptTokens(request));
        Interlocked.Increment(ref _open);
        try
        {
            _loop.Admit(sequence);
            var output = sequence.Output;
            while (await output.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (output.TryRead(out var token))
                {
                    yield return token;
                }
            }
        }
        finally
        {
            if (sequence.TryClose())
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }

    /// <summary>Number of tokens in <paramref name="text"/> under the engine's tokenisation (for usage.prompt_tokens).</summary>
    public int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : SimTokenizer.Count(text);

    /// <summary>The latent gold answer of <paramref name="question"/> (the last user turn's text), for grading.</summary>
    public string GoldAnswer(string question) => Question(question).Gold;

    /// <summary>The latent model of <paramref name="question"/>: difficulty, zone, per-sample accuracy, gold and distractors.</summary>
    public SyntheticQuestion Question(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return _planner.Question(question).Model;
    }

    /// <summary>Stops the loop; streams still open end with <see cref="ObjectDisposedException"/>.</summary>
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    internal ContinuationPlanner Planner => _planner;

    /// <summary>The solution mode's model, for the simulated reward model and the discrete-event simulator.</summary>
    internal SolutionModel Solutions => _planner.Solutions;

    private static int PromptTokens(ContinuationRequest request)
    {
        var tokens = SimTokenizer.Count(request.TextPrefix);
        foreach (var message in request.Messages)
        {
            tokens += TokensPerMessage + SimTokenizer.Count(message.Content ?? "");
        }

        return tokens;
    }
}
