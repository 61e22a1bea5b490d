using System.CommandLine;
using Dynasor.Rewards;
using Dynasor.Server.Hosting;
using Dynasor.SimEngine;

namespace Dynasor.Cli.Commands;

/// <summary>
/// <c>dynasor sim-engine</c>: the simulated reasoning engine as a bare OpenAI-compatible server, as vLLM would be
/// (chat with continuation, completions with the ChatML template, models, health, metrics with open requests), and its
/// simulated reward model as vLLM serves one (<c>POST /pooling</c> per step, <c>POST /classify</c> per answer).
/// </summary>
internal static class SimEngineCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => 8001 };
        var options = SimOptions.Create();
        var io = ServerRunner.IoOption();
        // Past 20 logit units of noise the rewards say nothing; 0 is a PRM that never errs.
        var rewardNoise = RangeOption.Double("--reward-noise", "Noise of the simulated reward model at /pooling and /classify, in logit units (2.5: AUC 0.87);",
            new SimRewardOptions().Noise, 0, 20);

        var command = new Command("sim-engine", "Serve the simulated reasoning engine over the OpenAI API (no Dynasor in front).")
        {
            host, port, io, options.Seed, options.TimeScale, options.MaxBatch, options.Model, rewardNoise,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(async () =>
        {
            var server = new ServerOptions(parse.GetValue(host)!, parse.GetValue(port), Role: ServerRole.Engine, InlineIo: ServerRunner.Inline(parse.GetValue(io)!)).Validate();
            await using var engine = options.CreateEngine(parse);
            var rewards = new SimRewardOptions { Noise = parse.GetValue(rewardNoise) };
            return await ServerRunner.RunAsync(server, SimulatedServing.Serve(engine, rewards), url =>
                $"Simulated engine '{engine.ModelName}' serving the OpenAI API (chat, completions, models, health, metrics) and a simulated reward model (POST /pooling, POST /classify). Ctrl+C stops.\n", cancellationToken);
        }));
        return command;
    }
}
