using System.Runtime.CompilerServices;

namespace Dynasor.Server.Recording;

/// <summary>
/// Passes a stream through unchanged while showing each item, and a failure, to the recorder. Hand-written rather than an
/// async iterator: a recorded request pays a delegate call per token, not another state machine, on the common path
/// where the inner stream completes synchronously.
/// </summary>
internal sealed class ObservedStream<T>(IAsyncEnumerable<T> source, Action<T> item, Action? failed = null) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(source.GetAsyncEnumerator(cancellationToken), item, failed);

    private sealed class Enumerator(IAsyncEnumerator<T> inner, Action<T> item, Action? failed) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            ValueTask<bool> next;
            try
            {
                next = inner.MoveNextAsync();
            }
            catch (Exception)
            {
                failed?.Invoke();
                throw;
            }
            if (!next.IsCompletedSuccessfully)
                return AwaitAsync(next);
            var more = next.Result;
            if (more)
                item(inner.Current);
            return new ValueTask<bool>(more);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        // Pooled: a stream whose tokens arrive asynchronously would otherwise allocate a box per token.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<bool> AwaitAsync(ValueTask<bool> next)
        {
            bool more;
            try
            {
                more = await next.ConfigureAwait(false);
            }
            catch (Exception)
            {
                failed?.Invoke();
                throw;
            }
            if (more)
                item(inner.Current);
            return more;
        }
    }
}
