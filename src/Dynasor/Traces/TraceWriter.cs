using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dynasor.Traces;

/// <summary>
/// Writes questions in the trace format (JSON Lines, see <c>shared/traces/README.md</c>): one compact JSON
/// object per line, UTF-8 without a byte-order mark, each line ended by <c>\n</c>, optional fields omitted
/// when null. Not thread-safe: one writer serves one producer.
/// </summary>
public sealed class TraceWriter : IDisposable, IAsyncDisposable
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = false,
        // Traces are data files, never embedded in HTML; relaxed escaping keeps non-ASCII text and LaTeX
        // ('<', '+', '&') readable instead of \uXXXX. Quotes, backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    // Each line is built in memory first so the sync and async paths share one serializer and a line
    // reaches the stream whole (a failed Write leaves no half line behind).
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly Utf8JsonWriter _json;
    private bool _disposed;

    /// <summary>Writes to <paramref name="stream"/>, starting at its current position.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="leaveOpen">When true, disposing the writer flushes but does not dispose the stream.</param>
    public TraceWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable; pass a stream opened for writing.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _json = new Utf8JsonWriter(_line, JsonOptions);
    }

    /// <summary>Creates (or truncates) the file at <paramref name="path"/> and writes to it.</summary>
    /// <param name="path">File to write; an existing file is overwritten.</param>
    public TraceWriter(string path)
        : this(OpenFile(path), leaveOpen: false)
    {
    }

    /// <summary>Appends one question as one line.</summary>
    /// <exception cref="ArgumentException">The question cannot be represented in the format (negative tokens, reward outside [0, 1], null answer or sample).</exception>
    public void Write(TraceQuestion question)
    {
        Serialize(question);
        _stream.Write(_line.WrittenSpan);
    }

    /// <summary>Appends one question as one line.</summary>
    /// <exception cref="ArgumentException">The question cannot be represented in the format (negative tokens, reward outside [0, 1], null answer or sample).</exception>
    public async ValueTask WriteAsync(TraceQuestion question, CancellationToken cancellationToken = default)
    {
        Serialize(question);
        await _stream.WriteAsync(_line.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes the underlying stream.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Flush();
    }

    /// <summary>Flushes the underlying stream.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Flushes, and disposes the stream unless the writer was created with <c>leaveOpen</c>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _json.Dispose();
        if (_leaveOpen)
        {
            _stream.Flush();
        }
        else
        {
            _stream.Dispose();
        }
    }

    /// <summary>Flushes, and disposes the stream unless the writer was created with <c>leaveOpen</c>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _json.DisposeAsync().ConfigureAwait(false);
        if (_leaveOpen)
        {
            await _stream.FlushAsync().ConfigureAwait(false);
        }
        else
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    private void Serialize(TraceQuestion question)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(question);
        Check(question);

        _line.ResetWrittenCount();
        _json.Reset(_line);
        _json.WriteStartObject();
        _json.WriteString("id", question.Id);
        WriteOptional("dataset", question.Dataset);
        WriteOptional("model", question.Model);
        WriteOptional("target", question.Target);
        WriteOptional("question", question.Question);
        _json.WriteStartArray("samples");
        foreach (var sample in question.Samples)
        {
            _json.WriteStartObject();
            _json.WriteString("answer", sample.Answer);
            _json.WriteNumber("tokens", sample.Tokens);
            if (sample.Correct is { } correct)
            {
                _json.WriteBoolean("correct", correct);
            }

            if (sample.Reward is { } reward)
            {
                _json.WriteNumber("reward", reward);
            }

            WriteOptional("text", sample.Text);
            if (sample.Chain is { } chain)
            {
                ChainJson.Write(_json, chain);
            }

            _json.WriteEndObject();
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _line.Write("\n"u8);
    }

    private void WriteOptional(string name, string? value)
    {
        if (value is not null)
        {
            _json.WriteString(name, value);
        }
    }

    // Validated before any byte is produced so a bad question never yields a line the reader would reject.
    private static void Check(TraceQuestion question)
    {
        if (question.Id is null)
        {
            throw new ArgumentException("The question has a null Id; every question needs an id unique within its file.", nameof(question));
        }

        if (question.Samples is null)
        {
            throw new ArgumentException($"Question '{question.Id}' has null Samples; pass an empty list when there are none.", nameof(question));
        }

        for (var i = 0; i < question.Samples.Count; i++)
        {
            var sample = question.Samples[i]
                ?? throw new ArgumentException($"Question '{question.Id}' sample {i} is null.", nameof(question));
            if (sample.Answer is null)
            {
                throw new ArgumentException($"Question '{question.Id}' sample {i} has a null Answer; use \"\" for a sample without an answer.", nameof(question));
            }

            if (sample.Tokens < 0)
            {
                throw new ArgumentException($"Question '{question.Id}' sample {i} has Tokens = {sample.Tokens}; token counts must be 0 or more.", nameof(question));
            }

            if (sample.Reward is { } reward && !(reward >= 0.0 && reward <= 1.0))
            {
                throw new ArgumentException($"Question '{question.Id}' sample {i} has Reward = {reward}; rewards must be in [0, 1] (or null when absent).", nameof(question));
            }

            if (sample.Chain is { } chain && ChainJson.Problem(chain) is { } problem)
            {
                throw new ArgumentException($"Question '{question.Id}' sample {i} chain {problem}.", nameof(question));
            }
        }
    }
}
