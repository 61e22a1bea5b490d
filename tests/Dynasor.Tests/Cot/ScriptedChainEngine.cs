using System.Runtime.CompilerServices;
using Dynasor.Cot;
using Dynasor.Engines;

namespace Dynasor.Tests.Cot;

/// <summary>
/// A fake streaming engine with one scripted chain: a chunk request continues the chain from wherever its assistant
/// prefix ends; a probe request (the probe suffix after the prefix) answers with <c>probe(chainPiecesSoFar)</c>.
/// Every piece is one token unless <see cref="TokensPerPiece"/> says otherwise. It records every stream, how many are
/// open at once, and which ended by cancellation. <see cref="BeforePiece"/> lets a test block a stream.
/// </summary>
internal sealed class ScriptedChainEngine(IReadOnlyList<string> chain, Func<int, IReadOnlyList<string>> probe, string initialPrefix = "") : IStreamingEngine
{
    private readonly Lock _lock = new();
    private int _open;

    /// <summary>Tokens each chain piece stands for.</summary>
    public int TokensPerPiece { get; init; } = 1;

    /// <summary>Awaited before a stream yields its piece <c>index</c>; null: no wait (the engine then runs synchronously).</summary>
    public Func<StreamCall, int, CancellationToken, Task>? BeforePiece { get; init; }

    public List<StreamCall> Calls { get; } = [];

    public int Open => Volatile.Read(ref _open);

    public int MaxOpen { get; private set; }

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var isProbe = request.Suffix == CotOptions.DefaultProbeSuffix;
        var chainText = request.ReasoningPrefix + request.AssistantPrefix;
        var position = Position(chainText);
        StreamCall call;
        lock (_lock)
        {
            call = new StreamCall(Calls.Count, isProbe, position, request.MaxTokens, request.Sampling);
            Calls.Add(call);
            MaxOpen = Math.Max(MaxOpen, ++_open);
        }
        try
        {
            var pieces = isProbe ? probe(position) : chain.Skip(position).ToList();
            var perPiece = isProbe ? 1 : TokensPerPiece;
            var sent = 0;
            for (var i = 0; i < pieces.Count && sent < request.MaxTokens; i++)
            {
                if (BeforePiece is { } wait)
                    await wait(call, i, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                sent += perPiece;
                var last = i == pieces.Count - 1;
                var finish = last ? "stop" : sent >= request.MaxTokens ? "length" : null;
                yield return new StreamedToken(pieces[i], perPiece, finish);
            }
        }
        finally
        {
            call.Cancelled = cancellationToken.IsCancellationRequested;
            Interlocked.Decrement(ref _open);
        }
    }

    private int Position(string chainText)
    {
        if (!chainText.StartsWith(initialPrefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"prefix does not start with the initial prefix: {chainText}");
        var length = chainText.Length - initialPrefix.Length;
        var sum = 0;
        for (var i = 0; i < chain.Count; i++)
        {
            if (sum == length)
                return i;
            sum += chain[i].Length;
        }
        return sum == length ? chain.Count : throw new InvalidOperationException($"prefix is not a prefix of the chain: {chainText}");
    }
}
