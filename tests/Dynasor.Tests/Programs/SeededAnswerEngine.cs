using System.Runtime.CompilerServices;
using Dynasor.Engines;

namespace Dynasor.Tests.Programs;

/// <summary>
/// A fake streaming engine for self-consistency: the sample with seed s writes "Working ... \boxed{answer(s)}" in
/// pieces of <see cref="TokensPerPiece"/> tokens. Records every request; safe for concurrent streams.
/// </summary>
internal sealed class SeededAnswerEngine(Func<long, string> answer) : IStreamingEngine
{
    private readonly Lock _lock = new();

    public int TokensPerPiece { get; init; } = 1;

    /// <summary>When set, each piece goes to the reasoning field instead of the content.</summary>
    public bool AsReasoning { get; init; }

    public List<ContinuationRequest> Requests { get; } = [];

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        lock (_lock)
            Requests.Add(request);
        string[] pieces = ["Working", " it", " out: ", $"\\boxed{{{answer(request.Sampling.Seed ?? -1)}}}"];
        for (var i = 0; i < pieces.Length; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            var finish = i == pieces.Length - 1 ? "stop" : null;
            yield return AsReasoning ? new StreamedToken("", TokensPerPiece, finish, pieces[i]) : new StreamedToken(pieces[i], TokensPerPiece, finish);
        }
    }
}
