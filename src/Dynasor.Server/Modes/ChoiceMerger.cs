using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Dynasor.Server.Modes;

/// <summary>Interleaves the event streams of several choices in arrival order, tagged with the choice index.</summary>
public static class ChoiceMerger
{
    /// <summary>
    /// Runs every stream and yields its events as they come. A failing stream fails the merge; stopping the
    /// enumeration (or cancelling) cancels every stream.
    /// </summary>
    public static async IAsyncEnumerable<(int Index, ModeEvent Event)> MergeAsync(
        IReadOnlyList<Func<CancellationToken, IAsyncEnumerable<ModeEvent>>> streams, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (streams.Count == 1)
        {
            // One choice, the common case: no channel and no extra task between engine and client.
            await foreach (var e in streams[0](cancellationToken).WithCancellation(cancellationToken))
                yield return (0, e);
            yield break;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<(int, ModeEvent)>(new UnboundedChannelOptions { SingleReader = true });
        var pumps = streams.Select((stream, i) => PumpAsync(i, stream, channel.Writer, stop.Token)).ToArray();
        var all = Task.WhenAll(pumps).ContinueWith(t => channel.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
                yield return item;
        }
        finally
        {
            stop.Cancel();
            await all;
        }
    }

    private static async Task PumpAsync(int index, Func<CancellationToken, IAsyncEnumerable<ModeEvent>> stream, ChannelWriter<(int, ModeEvent)> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in stream(cancellationToken).WithCancellation(cancellationToken))
                await writer.WriteAsync((index, e), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Fail the merge at once, so the reader stops and cancels the other choices.
            writer.TryComplete(e);
        }
    }
}
