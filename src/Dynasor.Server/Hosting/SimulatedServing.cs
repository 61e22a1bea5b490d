using Dynasor.SimEngine;

namespace Dynasor.Server.Hosting;

/// <summary>The simulated engine behind the server's endpoints, with its open requests and tokens as gauges.</summary>
public static class SimulatedServing
{
    /// <summary>Serves <paramref name="engine"/>: its one model, exact token counts, gauges of open requests and generated tokens.</summary>
    public static ServedEngine Serve(SimulatedEngine engine) =>
        ServedEngine.InProcess(engine, engine.ModelName, engine.CountTokens,
            ("dynasor.engine.open_requests", "Requests the simulated engine has admitted and not finished.", () => engine.OpenRequests),
            ("dynasor.engine.generated_tokens", "Tokens the simulated engine has generated, probes included.", () => engine.GeneratedTokens));
}
