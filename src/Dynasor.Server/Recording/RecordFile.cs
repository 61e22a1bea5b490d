using System.Globalization;
using Dynasor.Traces;

namespace Dynasor.Server.Recording;

/// <summary>
/// One mode's recording: numbered trace files in the recording directory, each closed once it reaches the size limit (so
/// it exceeds it by at most one record) and the next number opened. Numbering continues after the highest file already
/// there, so a restarted server never overwrites a recording. A prompt recorded twice in one file gets <c>~2</c>, <c>~3</c>, ...
/// after its id (ids are unique per file). Used by the recorder's single writer only: not thread-safe.
/// </summary>
internal sealed class RecordFile(string directory, string mode, long maxBytes, Func<string, Stream> open) : IDisposable
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    // How often each id was seen in this file, so a prompt asked a thousand times finds its next suffix at once.
    private readonly Dictionary<string, int> _repeats = new(StringComparer.Ordinal);
    private Stream? _stream;
    private TraceWriter? _writer;
    private long _good;
    private int _number = RecordedTraffic.Files(directory, mode).Select(f => f.Number).DefaultIfEmpty(0).Max();

    /// <summary>The file being written, or null between files.</summary>
    public string? CurrentPath { get; private set; }

    /// <summary>
    /// Appends one question as one line, in one write. On failure (a full disk) the file is cut back to its last whole
    /// line, so every file stays readable, and the exception propagates for the caller to count the drop; if even that
    /// fails the file is closed and the next record starts a new one. Synchronous: the recorder's writer calls it off
    /// the requests' path, and a write per record without a thread-pool hop is what keeps recording cheap (docs/recording.md).
    /// </summary>
    public void Write(TraceQuestion question)
    {
        if (_writer is null)
            Open();
        var id = question.Id;
        if (!_ids.Add(id))
        {
            var n = _repeats.GetValueOrDefault(question.Id, 1);
            do
                id = string.Create(CultureInfo.InvariantCulture, $"{question.Id}~{++n}");
            while (!_ids.Add(id));
            _repeats[question.Id] = n;
        }
        try
        {
            _writer!.Write(id == question.Id ? question : question with { Id = id });
        }
        catch (Exception)
        {
            _ids.Remove(id);
            Repair();
            throw;
        }
        _good = _stream!.Position;
        if (_good >= maxBytes)
            Close();
    }

    public void Dispose() => Close();

    private void Open()
    {
        _number++;
        CurrentPath = Path.Combine(directory, RecordedTraffic.FileName(mode, _number));
        _stream = open(CurrentPath);
        _writer = new TraceWriter(_stream, leaveOpen: true);
        _good = _stream.Position;
        _ids.Clear();
        _repeats.Clear();
    }

    private void Repair()
    {
        try
        {
            _stream!.SetLength(_good);
            _stream.Position = _good;
        }
        catch (Exception)
        {
            // The file cannot even be cut back: leave it, and start the next record in a new file.
            Close();
        }
    }

    private void Close()
    {
        var (writer, stream) = (_writer, _stream);
        (_writer, _stream, CurrentPath) = (null, null, null);
        try
        {
            writer?.Dispose();
            stream?.Dispose();
        }
        catch (Exception)
        {
            // Closing an unbuffered file loses nothing: every line reached it when written.
        }
    }
}
