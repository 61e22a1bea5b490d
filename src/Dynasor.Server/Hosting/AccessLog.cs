using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Hosting;

/// <summary>
/// One line per completion request: method, route, mode, status, upstream and client tokens, duration, replica and the
/// index of the API key used, as <c>key=value</c> pairs; never a prompt, an output or a key. By default the lines go to
/// the log (category <c>Dynasor.Access</c>; the console logger writes to standard error, apart from the banner on
/// standard output); with <c>access_log</c> in the config, to that file, appended by a background writer so a request
/// never waits on the disk.
/// </summary>
internal sealed class AccessLog : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly Channel<string>? _lines;
    private readonly Task _writer = Task.CompletedTask;

    public AccessLog(ILoggerFactory loggers, string? path)
    {
        _logger = loggers.CreateLogger("Dynasor.Access");
        if (path is null)
            return;
        var file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = false };
        _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        _writer = WriteAsync(file, _lines.Reader);
    }

    /// <summary>Writes the line for a finished request.</summary>
    public void Write(string method, RequestRecord record, int status, TimeSpan duration, int? key)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"method={method} route={record.Route} mode={record.Mode} status={status} upstream_tokens={record.UpstreamTokens} client_tokens={record.ClientTokens} "
            + $"duration_ms={duration.TotalMilliseconds:0.0} replica={record.Replica ?? "-"} key={(key is { } k ? (k + 1).ToString(CultureInfo.InvariantCulture) : "-")}");
        if (_lines is null)
            _logger.LogInformation("{AccessLine}", line);
        else
            _lines.Writer.TryWrite(line);
    }

    public async ValueTask DisposeAsync()
    {
        _lines?.Writer.TryComplete();
        await _writer;
    }

    private static async Task WriteAsync(StreamWriter file, ChannelReader<string> lines)
    {
        await using (file)
        {
            while (await lines.WaitToReadAsync())
            {
                while (lines.TryRead(out var line))
                    await file.WriteLineAsync(line);
                await file.FlushAsync();
            }
        }
    }
}
