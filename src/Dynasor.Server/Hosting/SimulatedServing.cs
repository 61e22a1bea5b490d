using Dynasor.Rewards;
using Dynasor.Server.Rewards;
using Dynasor.SimEngine;

namespace Dynasor.Server.Hosting;

/// <summary>The simulated engine behind the server's endpoints, with its open requests and tokens as gauges.</summary>
public static class SimulatedServing
{
    /// <summary>
    /// Serves <paramref name="engine"/>: its one model, exact token counts, gauges of open requests and generated tokens;
    /// its simulated reward model (<paramref name="rewards"/>, default options) for the reward modes, and as a bare engine
    /// also at vLLM's <c>POST /pooling</c> (per step) and <c>POST /classify</c> (per answer), under the engine's model name.
    /// </summary>
    public static ServedEngine Serve(SimulatedEngine engine, SimRewardOptions? rewards = null)
    {
        var model = ServedRewardModel.Simulated(engine, rewards);
        return ServedEngine.InProcess(engine, engine.ModelName, engine.CountTokens,
            ("dynasor.engine.open_requests", "Requests the simulated engine has admitted and not finished.", () => engine.OpenRequests),
            ("dynasor.engine.generated_tokens", "Tokens the simulated engine has generated, probes included.", () => engine.GeneratedTokens)) with
        {
            Rewards = model,
            Routes = app => SimulatedRewardRoutes.Map(app, model.Inner, engine.ModelName),
        };
    }
}
