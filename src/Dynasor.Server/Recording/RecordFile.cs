using System.Globalization;
using Dynasor.Traces;

namespace Dynasor.Server.Recording;

/// <summary>
/// One mode's recording: numbered trace files in the recording directory, each closed once it reaches the size limit (so
/// it exceeds it by at most one record) and the next number opened. Numbering continues after the highest file already
/// there, so a restarted server never overwrites a recording. A prompt recorded twice in one file gets <c>~2</c>, <c>~3</c>, ...
/// after its id (ids are unique per file). Used by the recorder's single writer only: not thread-safe.
/// </summary>
internal sealed class RecordFile(string directory, string mode, long maxBytes, Func<string, Stream> open) : IAsyncDisposable
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private Stream? _stream;
    private TraceWriter? _writer;
    private long _good;
    private int _number = RecordedTraffic.Files(directory, mode).Select(f => f.Number).DefaultIfEmpty(0).Max();

    /// <summary>The file being written, or null between files.</summary>
    public string? CurrentPath { get; private set; }

    /// <summary>
    /// Appends one question as one line. On failure (a full disk) the file is cut back to its last whole line, so every
    /// file stays readable, and the exception propagates for the caller to count the drop; if even that fails the file is
    /// closed and the next record starts a new one.
    /// </summary>
    public async Task WriteAsync(TraceQuestion question, CancellationToken cancellationToken)
    {
        if (_writer is null)
            Open();
        var id = question.Id;
        for (var n = 2; _ids.Contains(id); n++)
            id = string.Create(CultureInfo.InvariantCulture, $"{question.Id}~{n}");
        try
        {
            await _writer!.WriteAsync(id == question.Id ? question : question with { Id = id }, cancellationToken);
            await _writer.FlushAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await RepairAsync();
            throw;
        }
        _ids.Add(id);
        _good = _stream!.Position;
        if (_good >= maxBytes)
            await CloseAsync();
    }

    public ValueTask DisposeAsync() => CloseAsync();

    private void Open()
    {
        _number++;
        CurrentPath = Path.Combine(directory, RecordedTraffic.FileName(mode, _number));
        _stream = open(CurrentPath);
        _writer = new TraceWriter(_stream, leaveOpen: true);
        _good = _stream.Position;
        _ids.Clear();
    }

    private async Task RepairAsync()
    {
        try
        {
            _stream!.SetLength(_good);
            _stream.Position = _good;
        }
        catch (Exception)
        {
            // The file cannot even be cut back: leave it, and start the next record in a new file.
            await CloseAsync();
        }
    }

    private async ValueTask CloseAsync()
    {
        var (writer, stream) = (_writer, _stream);
        (_writer, _stream, CurrentPath) = (null, null, null);
        try
        {
            if (writer is not null)
                await writer.DisposeAsync();
        }
        catch (Exception)
        {
            // A flush that fails on close loses nothing the file had: every line was flushed when written.
        }
        if (stream is not null)
        {
            try
            {
                await stream.DisposeAsync();
            }
            catch (Exception)
            {
                // As above.
            }
        }
    }
}
