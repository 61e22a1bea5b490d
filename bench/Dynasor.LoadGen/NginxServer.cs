using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Dynasor.LoadGen;

/// <summary>
/// nginx (Debian's package) as a reference reverse proxy in front of the simulated engine, run from a temporary
/// directory with <see cref="NginxConfig"/>: what a plain streaming proxy costs, to compare Dynasor's relay with.
/// Disposing stops the master and its worker and deletes the directory.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    /// <summary>Why the nginx group is absent when <see cref="Find"/> returns null.</summary>
    public const string NotFound = "nginx not found on PATH or at /usr/sbin/nginx; install it with apt-get install nginx";

    private readonly Process _process;
    private readonly DirectoryInfo _dir;
    private readonly Task<string> _stderr;

    private NginxServer(Process process, DirectoryInfo dir, int port) =>
        (_process, _dir, _stderr, Url) = (process, dir, process.StandardError.ReadToEndAsync(), $"http://127.0.0.1:{port}");

    /// <summary>The root URL nginx listens on.</summary>
    public string Url { get; }

    /// <summary>CPU time the master and its workers have used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            var total = _process.TotalProcessorTime;
            foreach (var pid in WorkerIds())
            {
                try
                {
                    using var worker = Process.GetProcessById(pid);
                    total += worker.TotalProcessorTime;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // The worker exited between listing and reading (nginx replaces a worker only if one crashes); not counted.
                }
            }
            return total;
        }
    }

    /// <summary>The nginx binary on PATH, else Debian's /usr/sbin/nginx, else null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "nginx"))
            .Append("/usr/sbin/nginx")
            .FirstOrDefault(File.Exists);

    /// <summary>Starts nginx in front of <paramref name="upstreamUrl"/> and returns once a request through it succeeds.</summary>
    public static async Task<NginxServer> StartAsync(string nginx, string upstreamUrl, CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("dynasor-nginx-");
        var port = FreePort();
        var config = Path.Combine(dir.FullName, "nginx.conf");
        await File.WriteAllTextAsync(config, NginxConfig.Text(dir.FullName, port, new Uri(upstreamUrl).Authority), cancellationToken);
        var info = new ProcessStartInfo(nginx) { RedirectStandardError = true, UseShellExecute = false };
        // -e: the log for errors before the config is read; the default under /var/log is writable only by root.
        foreach (var arg in new[] { "-p", dir.FullName, "-c", config, "-e", Path.Combine(dir.FullName, "error.log") })
            info.ArgumentList.Add(arg);
        var server = new NginxServer(Process.Start(info)!, dir, port);
        try
        {
            await server.WaitUntilAnsweringAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        var last = "no answer";
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode} at start: {(await _stderr).Trim()} {ErrorLog()}");
            try
            {
                // Through to the engine, so a wrong upstream fails here rather than in the first round.
                using var response = await probe.GetAsync(Url + "/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                    return;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e.Message;
            }
            await Task.Delay(20, cancellationToken);
        }
        throw new TimeoutException($"nginx at {Url} did not answer /health within 10 s ({last}); its log: {ErrorLog()}");
    }

    // nginx forks its worker from the master's main thread; /proc lists each thread's children.
    private IEnumerable<int> WorkerIds() =>
        Directory.EnumerateDirectories($"/proc/{_process.Id}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse)
            .ToList();

    private string ErrorLog()
    {
        var log = Path.Combine(_dir.FullName, "error.log");
        return File.Exists(log) ? File.ReadAllText(log).Trim() : "(no error.log)";
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    // The port is free when asked; nginx binds it moments later, and a clash shows as nginx exiting at start.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM is nginx's fast shutdown: the master stops and reaps its worker. Killing both at once would leave the
        // worker a zombie where PID 1 does not reap; the whole tree is killed only if nginx ignores the signal.
        if (!_process.HasExited && Kill(_process.Id, SigTerm) == 0)
            await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(5)));
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _dir.Delete(recursive: true);
    }
}
