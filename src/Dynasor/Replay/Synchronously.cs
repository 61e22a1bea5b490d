namespace Dynasor.Replay;

/// <summary>
/// Waits for value tasks that replay expects to have completed already: a trace engine answers synchronously, so
/// the fast path never blocks. Anything slower would be a bug, and it blocks rather than hides it.
/// </summary>
internal static class Synchronously
{
    public static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    public static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
            task.AsTask().GetAwaiter().GetResult();
    }
}
