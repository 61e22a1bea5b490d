using System.Buffers;

namespace Dynasor.Server.Upstream;

/// <summary>
/// Splits a byte stream into lines (ending in <c>\n</c>, <c>\r\n</c> or <c>\r</c>, like <see cref="StreamReader"/>)
/// inside one pooled buffer, so a relayed stream costs no string per line. A line's span is valid until the next
/// <see cref="FillAsync"/>. Not thread-safe; dispose to return the buffer.
/// </summary>
internal sealed class SseLineReader(Stream stream) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _start;
    private int _end;
    private bool _eof;
    private bool _begun;
    // A line ended in '\r' as the last byte read: a '\n' that opens the next read belongs to that line end.
    private bool _skipLineFeed;

    /// <summary>The next whole line already read, without its end; false when more bytes are needed (or at the end).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (_skipLineFeed && _start < _end)
        {
            _skipLineFeed = false;
            if (_buffer[_start] == (byte)'\n')
                _start++;
        }
        var pending = _buffer.AsSpan(_start, _end - _start);
        var at = pending.IndexOfAny((byte)'\n', (byte)'\r');
        if (at < 0)
        {
            // StreamReader hands out a last line that has no line end; so does this reader.
            if (!_eof || pending.IsEmpty)
            {
                line = default;
                return false;
            }
            line = pending;
            _start = _end;
            return true;
        }
        line = pending[..at];
        _start += at + 1;
        if (pending[at] == (byte)'\r')
        {
            if (at + 1 < pending.Length)
                _start += pending[at + 1] == (byte)'\n' ? 1 : 0;
            else
                _skipLineFeed = true;
        }
        return true;
    }

    /// <summary>Reads more bytes from the stream; false at its end (lines still buffered stay readable).</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
            return false;
        if (_start > 0)
        {
            // Keep the partial line at the front, so a line never wraps around the buffer.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }
        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _eof = true;
            return _start < _end;
        }
        _end += read;
        // A UTF-8 byte order mark is not part of the first line (StreamReader drops it too); until three bytes are
        // in, a prefix of one keeps the question open (no line can end inside it, so none was handed out yet).
        var opening = _buffer.AsSpan(0, _end);
        if (!_begun && (_end >= 3 || !"\uFEFF"u8.StartsWith(opening)))
        {
            _begun = true;
            if (opening.StartsWith("\uFEFF"u8))
                _start = 3;
        }
        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
