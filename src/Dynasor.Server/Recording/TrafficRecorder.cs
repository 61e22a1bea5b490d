using System.Threading.Channels;
using Dynasor.Server.Metrics;
using Dynasor.Server.OpenAi;
using Dynasor.Traces;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Recording;

/// <summary>
/// Records what the programs saw (<c>serve --record DIR</c>) without ever slowing or failing a request: requests hand
/// their records to a bounded channel (<see cref="TryRecord"/> never blocks and never throws), one background writer
/// drains it into per-mode numbered trace files (<see cref="RecordFile"/>). A record that finds the channel full, or
/// that the disk refuses, is dropped, counted (<c>dynasor_records_dropped_total</c>) and logged the first time for each
/// cause. <see cref="DisposeAsync"/> (the server's shutdown, after the drain) writes what is queued and closes the files.
/// Thread-safe.
/// </summary>
public sealed class TrafficRecorder : IAsyncDisposable
{
    private readonly Channel<(string Mode, TraceQuestion Question)> _queue;
    private readonly Dictionary<string, RecordFile> _files = new(StringComparer.Ordinal);
    private readonly ServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Func<string, Stream> _open;
    private readonly Task _writer;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closing = new();
    private int _loggedFull, _loggedFailed, _loggedClosed, _closed;
    private long _written, _dropped;

    /// <param name="options">Validated options; the directory is created here, so a bad one fails the server's start.</param>
    /// <param name="open">Opens a new file for writing; tests pass streams that fail. Default: a new unbuffered file.</param>
    /// <exception cref="ArgumentException">The directory cannot be created or written.</exception>
    /// <param name="time">Times the writer's linger; the system clock when null.</param>
    public TrafficRecorder(RecordingOptions options, ServerMetrics metrics, ILogger logger, Func<string, Stream>? open = null, TimeProvider? time = null)
    {
        Options = options;
        _time = time ?? TimeProvider.System;
        _metrics = metrics;
        _logger = logger;
        _open = open ?? OpenFile;
        try
        {
            System.IO.Directory.CreateDirectory(options.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ArgumentException($"--record {options.Directory}: the directory cannot be created ({e.Message}); pass a writable directory.");
        }
        _queue = Channel.CreateBounded<(string, TraceQuestion)>(new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>How long the writer waits after a batch before it looks for the next: records reach the disk at most this late.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    /// <summary>The options the recorder runs with.</summary>
    public RecordingOptions Options { get; }

    /// <summary>Records written to disk so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records dropped so far (also counted in the server's metrics).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Queues one question of <paramref name="mode"/> for the writer; false (counted as dropped) when the queue is full
    /// or the recorder is shut down. Never blocks, never throws.
    /// </summary>
    public bool TryRecord(string mode, TraceQuestion question)
    {
        if (_queue.Writer.TryWrite((mode, question)))
            return true;
        if (Volatile.Read(ref _closed) != 0)
            Drop(ref _loggedClosed, "the server is shutting down and the recording is closed", null);
        else
            Drop(ref _loggedFull, "the recording queue is full (the disk is slower than the traffic)", null);
        return false;
    }

    /// <summary>Counts a record that could not be built (logged the first time).</summary>
    internal void Failed(Exception error) => Drop(ref _loggedFailed, "building it failed", error);

    /// <summary>Starts recording one request: null when <paramref name="request"/>'s mode records nothing (<c>off</c>).</summary>
    internal RequestRecording? Begin(OpenAiRequest request, string? model) =>
        request.Dynasor.Mode == "off" ? null : new RequestRecording(this, request, model);

    /// <summary>Stops taking records, writes every queued one and closes the files. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            await _writer;
            return;
        }
        _queue.Writer.TryComplete();
        await _closing.CancelAsync();
        await _writer;
    }

    private async Task WriteAllAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var record))
                Write(record.Mode, record.Question);
            // Records come one per request: lingering lets one wake-up write every record that came meanwhile, instead of
            // waking a thread per request (measured in docs/recording.md). Shutdown cuts the linger short.
            try
            {
                await Task.Delay(Linger, _time, _closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        foreach (var file in _files.Values)
            file.Dispose();
    }

    private void Write(string mode, TraceQuestion question)
    {
        try
        {
            if (!_files.TryGetValue(mode, out var file))
                _files[mode] = file = new RecordFile(Options.Directory, mode, Options.MaxFileBytes, _open);
            file.Write(question);
            Interlocked.Increment(ref _written);
        }
        catch (Exception e)
        {
            // A full disk, a removed directory, a question the format cannot hold: this record is lost, the next may not be.
            Drop(ref _loggedFailed, "writing it failed", e);
        }
    }

    private void Drop(ref int logged, string why, Exception? error)
    {
        Interlocked.Increment(ref _dropped);
        _metrics.RecordDropped();
        if (Interlocked.Exchange(ref logged, 1) == 0)
            _logger.LogWarning("Recording to {Directory}: a record was dropped because {Why}{Error}; requests are unaffected, later drops are only counted (dynasor_records_dropped_total).",
                Options.Directory, why, error is null ? "" : $" ({error.GetType().Name}: {error.Message})");
    }

    // Unbuffered: each record reaches the file in one write, so a failure leaves at most that line to cut back.
    private static FileStream OpenFile(string path) => new(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
}
