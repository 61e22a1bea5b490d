using System.Runtime.ExceptionServices;

namespace Dynasor.Search;

/// <summary>
/// Runs sibling requests concurrently so that none outlives the call: the first failure (or the caller's cancellation)
/// cancels the others, and the call returns or throws only after every one has ended.
/// </summary>
internal static class Siblings
{
    /// <summary>Runs <paramref name="work"/>(i, token) for i in 0..count-1 concurrently.</summary>
    /// <exception cref="OperationCanceledException">The caller cancelled and nothing had failed first.</exception>
    /// <exception cref="Exception">The first failure of any sibling, as it was thrown.</exception>
    public static async Task RunAsync(int count, Func<int, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? first = null;
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
            tasks[i] = Guarded(i);
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Every sibling has ended here; the one to report is the failure that came first, not the cancellations it caused.
        }
        if (first is null)
            return;
        if (first is OperationCanceledException)
            cancellationToken.ThrowIfCancellationRequested();
        ExceptionDispatchInfo.Throw(first);

        async Task Guarded(int index)
        {
            try
            {
                await work(index, siblings.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref first, e, null);
                await siblings.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
    }
}
