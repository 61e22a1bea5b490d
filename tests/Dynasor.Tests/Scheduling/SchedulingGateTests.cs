using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.Scheduling;
using Dynasor.Simulation;

namespace Dynasor.Tests.Scheduling;

public sealed class SchedulingGateTests
{
    [Fact]
    public async Task EnterAsync_WindowFull_WaitsUntilAnExit()
    {
        var gate = new SchedulingGate(SchedulerCatalog.Create("gang"), 1, new VirtualTimeProvider());
        var p = gate.Register(new ProgramProgress(4));
        await gate.EnterAsync(p);
        var second = gate.EnterAsync(p).AsTask();

        Assert.False(second.IsCompleted);
        Assert.Equal(1, gate.Waiting);
        gate.Exit(p, 10);
        await second;
        Assert.Equal(1, gate.InFlight);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task EnterAsync_Released_ReturnsTheKeyItWasReleasedUnder()
    {
        var time = new VirtualTimeProvider();
        var gate = new SchedulingGate(SchedulerCatalog.Create("fcfs"), 1, time);
        var first = gate.Register(new ProgramProgress(4));
        var second = gate.Register(new ProgramProgress(4));
        await gate.EnterAsync(first);
        time.MoveTo(2.5);
        var waiting = gate.EnterAsync(second).AsTask();
        gate.Exit(first, 10);

        // fcfs keys a program by when its oldest waiting request arrived.
        Assert.Equal(2.5, (await waiting).Primary, 9);
        Assert.Equal(2.5, second.ReleaseKey.Primary, 9);
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_LeavesTheLine()
    {
        var gate = new SchedulingGate(SchedulerCatalog.Create("fcfs"), 1, new VirtualTimeProvider());
        var p = gate.Register(new ProgramProgress(4));
        await gate.EnterAsync(p);
        using var cts = new CancellationTokenSource();
        var waiting = gate.EnterAsync(p, cts.Token).AsTask();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, gate.Waiting);
        gate.Exit(p, 1);
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task ScheduledEngine_InnerEngineFails_StillGivesTheSlotBack()
    {
        var gate = new SchedulingGate(SchedulerCatalog.Create("fcfs"), 1, new VirtualTimeProvider());
        var p = gate.Register(new ProgramProgress(4));
        var engine = new ScheduledEngine(new FailingEngine(), gate, p);

        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.GenerateAsync(new GenerationRequest("q", 0)).AsTask());
        Assert.Equal(0, gate.InFlight);
    }

    private sealed class FailingEngine : IReasoningEngine
    {
        public ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("upstream down");
    }
}
