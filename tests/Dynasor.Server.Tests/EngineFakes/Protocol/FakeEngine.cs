using Dynasor.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// What every engine fake shares: an in-process ASP.NET Core server on 127.0.0.1 (a free port), a record of every
/// request, and a count of the generations in progress. All members are thread-safe.
/// </summary>
public abstract class FakeEngine : IAsyncDisposable
{
    private readonly List<RecordedRequest> _requests = [];
    private WebApplication? _app;
    private int _activeGenerations;
    private TaskCompletionSource _idle = Completed();

    protected FakeEngine(FakeEngineOptions options)
    {
        if (options.ContextSize is < 1 or > Model.FakeModel.ContextSize)
            throw new ArgumentOutOfRangeException(nameof(options), options.ContextSize, $"ContextSize must be 1..{Model.FakeModel.ContextSize}");
        Options = options;
    }

    public FakeEngineOptions Options { get; }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:5123</c>; the OpenAI API root is <c>Url + "/v1"</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToArray();
        }
    }

    /// <summary>Generations in progress; a finished, failed or disconnected request no longer counts.</summary>
    public int ActiveGenerations => Volatile.Read(ref _activeGenerations);

    /// <summary>Completes when no generation is in progress (at once if none is).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_requests)
            return _idle.Task.WaitAsync(cancellationToken);
    }

    internal IDisposable BeginGeneration()
    {
        lock (_requests)
            if (_activeGenerations++ == 0)
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new Generation(this);
    }

    /// <summary>Maps the engine's routes.</summary>
    protected abstract void Map(WebApplication app);

    protected async Task StartCoreAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            lock (_requests)
                _requests.Add(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, body));
            await next(context);
        });
        Map(app);
        Url = await DynasorServer.StartAsync(app);
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private sealed class Generation(FakeEngine engine) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
                return;
            lock (engine._requests)
                if (--engine._activeGenerations == 0)
                    engine._idle.TrySetResult();
        }
    }
}
