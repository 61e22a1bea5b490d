using Dynasor.Traces;

namespace Dynasor.Engines;

/// <summary>
/// An engine that serves recorded samples: each question's samples in a seeded shuffled order, one per request,
/// so replay runs the same program code that serves live traffic. The order of a question depends only on the
/// seed and the question's id, never on which other questions are replayed with it. With <c>resample</c>, the
/// samples are instead drawn with replacement (a bootstrap): a policy that draws all n no longer gets exactly the
/// recorded vote, so a question the recorded samples split nearly evenly stays as uncertain as it is for the model.
/// Not thread-safe: give each concurrent replay its own instance.
/// </summary>
public sealed class TraceEngine : IReasoningEngine
{
    private readonly IReadOnlyDictionary<string, PreparedQuestion> _questions;
    private readonly ulong _seed;
    private readonly bool _resample;
    private readonly bool _keepOrder;
    private readonly Dictionary<string, int[]> _orders = new(StringComparer.Ordinal);

    /// <param name="keepOrder">Serve each question's samples in their recorded order (a search's iterations), ignoring the seed and <paramref name="resample"/>.</param>
    public TraceEngine(IReadOnlyDictionary<string, PreparedQuestion> questions, ulong seed, bool resample = false, bool keepOrder = false)
    {
        _questions = questions;
        _seed = seed;
        _resample = resample;
        _keepOrder = keepOrder;
    }

    public ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        if (!_questions.TryGetValue(request.Prompt, out var question))
            throw new KeyNotFoundException($"the trace has no question '{request.Prompt}'");
        if (!_orders.TryGetValue(request.Prompt, out var order))
        {
            var seed = SeededOrder.Mix(_seed, question.Id);
            _orders[request.Prompt] = order = _keepOrder ? Enumerable.Range(0, question.Samples.Length).ToArray()
                : _resample ? SeededOrder.Draws(question.Samples.Length, seed) : SeededOrder.Permutation(question.Samples.Length, seed);
        }
        if ((uint)request.Index >= (uint)order.Length)
            throw new InvalidOperationException($"question '{question.Id}' has {order.Length} recorded samples; sample {request.Index} was asked for");
        return ValueTask.FromResult(question.Samples[order[request.Index]]);
    }
}
