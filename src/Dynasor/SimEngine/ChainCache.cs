using System.Collections.Concurrent;

namespace Dynasor.SimEngine;

/// <summary>
/// Memo of written chains, keyed by (question hash, variant). Only a cost saver: a chunked continuation or a
/// probe would regenerate the same chain without it. Cleared whole when full, which keeps it bounded and cheap.
/// Thread safe.
/// </summary>
internal sealed class ChainCache(SimEngineOptions options, int capacity = 2048)
{
    private readonly ConcurrentDictionary<(ulong Question, int Variant), ReasoningChain> _chains = new();

    /// <summary>The chain of <paramref name="variant"/> of <paramref name="question"/>, written on first use.</summary>
    public ReasoningChain Get(SimQuestion question, int variant)
    {
        var key = (question.Hash, variant);
        if (_chains.TryGetValue(key, out var chain))
        {
            return chain;
        }

        if (_chains.Count >= capacity)
        {
            _chains.Clear();
        }

        chain = ChainWriter.Write(question, variant, options);
        return _chains.GetOrAdd(key, chain);
    }
}
