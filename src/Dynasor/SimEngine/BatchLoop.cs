using System.Threading.Channels;

namespace Dynasor.SimEngine;

/// <summary>
/// The engine loop, one task for all sequences. Rule: requests wait first in, first out until fewer than
/// MaxBatch sequences decode; an iteration either prefills every newly admitted sequence (its time from the cost
/// model's prefill over their prompt lengths; it yields each one's first token, and decoding sequences wait, as in
/// vLLM) or decodes one token for every sequence in the batch (its time from the decode cost over the batch's
/// context and size). Iteration times are multiplied by TimeScale and waited on the TimeProvider, against a running
/// deadline so delays do not drift; at TimeScale 0 nothing waits. Closed (cancelled) sequences are dropped at the
/// next iteration and never wait in the queue.
/// </summary>
internal sealed class BatchLoop : IAsyncDisposable
{
    private readonly SimEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<Sequence> _closed;
    private readonly Channel<Sequence> _incoming = Channel.CreateUnbounded<Sequence>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<Sequence> _waiting = new();
    private readonly List<Sequence> _active = [];
    private readonly List<Sequence> _admitted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private DateTimeOffset _due;
    private long _generated;
    private int _disposed;

    /// <param name="closed">Called once for each sequence the loop finishes.</param>
    public BatchLoop(SimEngineOptions options, TimeProvider time, Action<Sequence> closed)
    {
        _options = options;
        _time = time;
        _closed = closed;
        _run = Task.Run(RunAsync);
    }

    /// <summary>Output tokens emitted so far, over all sequences.</summary>
    public long Generated => Interlocked.Read(ref _generated);

    /// <summary>Queues a sequence for admission.</summary>
    /// <exception cref="ObjectDisposedException">The engine was disposed.</exception>
    public void Admit(Sequence sequence)
    {
        if (!_incoming.Writer.TryWrite(sequence))
        {
            throw new ObjectDisposedException(nameof(SimulatedEngine), "The simulated engine was disposed; create a new one.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _incoming.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        Exception end = new ObjectDisposedException(nameof(SimulatedEngine), "The simulated engine was disposed while this request ran.");
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                while (_incoming.Reader.TryRead(out var arrived))
                {
                    _waiting.Enqueue(arrived);
                }

                Compact(_active);
                while (_active.Count + _admitted.Count < _options.MaxBatch && _waiting.TryDequeue(out var next))
                {
                    if (!next.Closed)
                    {
                        _admitted.Add(next);
                    }
                }

                if (_admitted.Count > 0)
                {
                    await PrefillAsync().ConfigureAwait(false);
                }
                else if (_active.Count > 0)
                {
                    await DecodeAsync().ConfigureAwait(false);
                }
                else if (!await _incoming.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            // A bug here must not hang clients: every open stream ends with the error.
            end = error;
            _incoming.Writer.TryComplete();
        }

        Fail(_active, end);
        Fail(_admitted, end);
        Fail(_waiting, end);
        while (_incoming.Reader.TryRead(out var late))
        {
            late.Fail(end);
        }
    }

    private async Task PrefillAsync()
    {
        double sum = 0, squares = 0;
        foreach (var sequence in _admitted)
        {
            sum += sequence.PromptTokens;
            squares += (double)sequence.PromptTokens * sequence.PromptTokens;
        }

        await WaitAsync(_options.CostModel.PrefillMs(sum, squares)).ConfigureAwait(false);
        foreach (var sequence in _admitted)
        {
            if (Step(sequence))
            {
                _active.Add(sequence);
            }
        }

        _admitted.Clear();
    }

    private async Task DecodeAsync()
    {
        double context = 0;
        foreach (var sequence in _active)
        {
            context += sequence.Context;
        }

        await WaitAsync(_options.CostModel.DecodeMs(context, _active.Count)).ConfigureAwait(false);
        foreach (var sequence in _active)
        {
            Step(sequence);
        }
    }

    // Emits one token unless the consumer has gone; true while the sequence has more to emit.
    private bool Step(Sequence sequence)
    {
        if (sequence.Closed)
        {
            return false;
        }

        Interlocked.Add(ref _generated, sequence.Emit());
        if (!sequence.Done)
        {
            return true;
        }

        if (sequence.TryClose())
        {
            _closed(sequence);
        }

        return false;
    }

    private async ValueTask WaitAsync(double ms)
    {
        var scaled = ms * _options.TimeScale;
        if (scaled <= 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (_due < now)
        {
            _due = now;
        }

        _due += TimeSpan.FromMilliseconds(scaled);
        var wait = _due - now;
        if (wait > TimeSpan.Zero)
        {
            // A TimeProvider timer rather than Task.Delay, which truncates to whole milliseconds.
            var elapsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var timer = _time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), elapsed, wait, Timeout.InfiniteTimeSpan);
            using var stop = _stop.Token.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), elapsed);
            await elapsed.Task.ConfigureAwait(false);
        }
    }

    private static void Compact(List<Sequence> sequences)
    {
        var kept = 0;
        for (var i = 0; i < sequences.Count; i++)
        {
            if (!sequences[i].Closed)
            {
                sequences[kept++] = sequences[i];
            }
        }

        sequences.RemoveRange(kept, sequences.Count - kept);
    }

    private static void Fail(IEnumerable<Sequence> sequences, Exception error)
    {
        foreach (var sequence in sequences)
        {
            sequence.Fail(error);
        }
    }
}
