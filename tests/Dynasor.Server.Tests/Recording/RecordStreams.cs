namespace Dynasor.Server.Tests.Recording;

/// <summary>A disk that holds <paramref name="capacity"/> bytes: a write past it stores what fits, then fails as ENOSPC does.</summary>
internal sealed class FullDisk(long capacity) : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        var room = (int)Math.Max(0, Math.Min(count, capacity - Position));
        base.Write(buffer, offset, room);
        if (room < count)
            throw new IOException("No space left on device");
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.ToArray(), 0, buffer.Length);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A stream whose writes wait until the test opens the gate, telling the test when the first write began.</summary>
internal sealed class GatedStream : MemoryStream
{
    private readonly ManualResetEventSlim _gate = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    public void Open() => _gate.Set();

    // The recorder's writer writes synchronously, off the requests' path: blocking it here is what a slow disk does.
    public override void Write(byte[] buffer, int offset, int count)
    {
        _entered.TrySetResult();
        _gate.Wait(TimeSpan.FromSeconds(30));
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
}
