using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI.Tests.Fakes;

/// <summary>
/// A chat client whose behaviour is a callback (the Microsoft.Extensions.AI test habit): each call is recorded with its
/// messages and options, and calls still open are counted, so a test sees that cancellation reached every inner call.
/// </summary>
internal sealed class FakeChatClient : IChatClient
{
    private int _open;
    private int _started;

    /// <summary>Produces the updates of one streaming call.</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> StreamCallback { get; set; } =
        (_, _, _) => AsyncEnumerable.Empty<ChatResponseUpdate>();

    /// <summary>Answers <see cref="GetService"/>; null: the client itself when asked for its own type.</summary>
    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    /// <summary>Every call's messages and options, in the order the calls started.</summary>
    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    /// <summary>Calls started and not yet ended (finished, failed or disposed).</summary>
    public int OpenCalls => Volatile.Read(ref _open);

    /// <summary>Calls started in all.</summary>
    public int StartedCalls => Volatile.Read(ref _started);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (Calls)
            Calls.Add((list, options));
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _open);
        try
        {
            await foreach (var update in StreamCallback(list, options ?? new ChatOptions(), cancellationToken).WithCancellation(cancellationToken))
                yield return update;
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GetServiceCallback?.Invoke(serviceType, serviceKey) ?? (serviceType.IsInstanceOfType(this) ? this : null);

    public void Dispose()
    {
    }
}
