using System.CommandLine;
using Dynasor.Scheduling;
using Dynasor.Server.Hosting;
using Dynasor.Server.Metrics;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Recording;
using Dynasor.Server.Rewards;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Upstream;

namespace Dynasor.Cli.Commands;

/// <summary>
/// <c>dynasor serve</c>: the OpenAI-compatible Dynasor server in front of an upstream engine (vLLM, SGLang,
/// Ollama, llama.cpp), or of the built-in simulated engine (in this process) when no <c>--upstream</c> is given.
/// Several <c>--upstream</c>s are replicas of one model: each program is placed on the one with the least predicted
/// queued work, and each is fronted by the program-aware scheduler. The reward modes score with <c>--reward-upstream</c>,
/// else (simulated engine only) the simulated PRM over the same questions.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var upstream = new Option<string[]>("--upstream") { Description = "OpenAI-compatible API root of the engine, e.g. http://vllm-host:8000/v1; repeat for replicas of the same model. Default: the built-in simulated engine." };
        var maxInFlight = new Option<int?>("--max-inflight") { Description = "Requests (sequences) each upstream runs at once; the rest wait in the scheduler's order. Default 256 (vLLM's max_num_seqs)." };
        var scheduler = new Option<string?>("--scheduler") { Description = $"Program-aware scheduling policy: {string.Join(", ", SchedulerCatalog.Policies.Select(p => p.Name))}. Default dynasor." };
        var priority = new Option<string?>("--upstream-priority") { Description = "Pass the scheduler's order to the --upstream engines as the request's priority: auto (the engine's own direction: vLLM lower-first, SGLang higher-first), lower-first, higher-first, or none (default; start vLLM with --scheduling-policy priority, SGLang with --enable-priority-scheduling)." };
        var dialect = new Option<string?>("--upstream-dialect") { Description = "The --upstream engines' dialect: vllm, sglang, llamacpp, ollama, openai, or auto (default: detected at start)." };
        var simReplicas = new Option<int>("--sim-replicas") { Description = "Without --upstream: how many simulated engine replicas to serve (demos, tests).", DefaultValueFactory = _ => 1 };
        var keyEnv = new Option<string?>("--upstream-key-env") { Description = "Environment variable holding the upstream's API key (sent as a bearer token, never logged)." };
        var protocol = new Option<string?>("--upstream-protocol") { Description = "chat (continue_final_message, vLLM/SGLang) or completions (raw prompt in ChatML). Default chat." };
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => 8000 };
        var config = new Option<string?>("--config") { Description = "JSON config file: server defaults for the dynasor object, limits, upstream timeout." };
        var apiKeys = new Option<string?>("--api-keys-env") { Description = "Environment variable with comma-separated API keys clients must send as bearer tokens on /v1/*." };
        var sim = SimOptions.Create();
        var io = ServerRunner.IoOption();
        var drainTimeout = new Option<double?>("--drain-timeout") { Description = "Seconds requests in flight may finish after SIGTERM or Ctrl+C before they are ended (default 30)." };
        var otlpEndpoint = new Option<string?>("--otlp-endpoint") { Description = "OTLP collector to send traces and metrics to, e.g. http://localhost:4317 (Jaeger, an OpenTelemetry Collector). Default: OTEL_EXPORTER_OTLP_ENDPOINT; unset: metrics at /metrics only, no traces." };
        var otlpProtocol = new Option<string?>("--otlp-protocol") { Description = "grpc (default) or http/protobuf (then /v1/traces and /v1/metrics are appended to the endpoint). Default: OTEL_EXPORTER_OTLP_PROTOCOL." };

        var rewardUpstream = new Option<string?>("--reward-upstream") { Description = "API root of the reward model server for the reward modes (rebase, mcts, bon, wsc), e.g. http://prm-host:8000/v1 (vLLM serving Qwen/Qwen2.5-Math-PRM-7B). Default: the simulated PRM with the simulated engine; none with --upstream." };
        var rewardModel = new Option<string?>("--reward-model") { Description = "The reward model to ask for; default: the first the reward server lists." };
        var rewardKind = new Option<string?>("--reward-kind") { Description = "prm (per-step rewards from POST /pooling, default) or outcome (one score per answer from POST /classify)." };
        var rewardKeyEnv = new Option<string?>("--reward-key-env") { Description = "Environment variable holding the reward server's API key (sent as a bearer token, never logged)." };


        var record = new Option<string?>("--record") { Description = "Record what the programs saw (sc samples, cot probes) to numbered trace files in this directory, for dynasor calibrate and replay. Prompts and outputs only with --record-text." };
        var recordText = new Option<bool>("--record-text") { Description = "With --record: also keep each question's text and every sample's output (off: a hash of the prompt stands in)." };
        var recordMaxMb = new Option<int?>("--record-max-mb") { Description = "With --record: start a new numbered file once one reaches this many megabytes (default 100)." };

        var command = new Command("serve", "Serve the OpenAI API with Dynasor in front of an engine.")
        {
            upstream, keyEnv, protocol, dialect, io, drainTimeout, record, recordText, recordMaxMb, otlpEndpoint, otlpProtocol, sim.Model, host, port, config, apiKeys, maxInFlight, scheduler, priority, simReplicas, sim.Seed, sim.TimeScale, sim.MaxBatch,
            rewardUpstream, rewardModel, rewardKind, rewardKeyEnv,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(async () =>
        {
            var options = new ServerOptions(parse.GetValue(host)!, parse.GetValue(port), InlineIo: ServerRunner.Inline(parse.GetValue(io)!));
            if (parse.GetValue(config) is { } path)
                options = ServerConfigFile.Apply(path, options);
            if (parse.GetValue(protocol) is { } name)
                options = options with { UpstreamProtocol = Protocol(name) };
            if (parse.GetValue(apiKeys) is { } keysVariable)
                options = options with { ApiKeys = ServerRunner.Environment(keysVariable, "--api-keys-env").Split(',', StringSplitOptions.TrimEntries) };
            if (parse.GetValue(maxInFlight) is { } window)
                options = options with { MaxInFlight = window };
            if (parse.GetValue(scheduler) is { } schedulerName)
                options = options with { Scheduler = schedulerName };
            if (parse.GetValue(drainTimeout) is { } drain)
            {
                if (!double.IsFinite(drain) || drain is < 0 or > 3600)
                    throw new ArgumentException($"--drain-timeout {drain} must be between 0 and 3600 seconds (for example 30).");
                options = options with { DrainTimeout = TimeSpan.FromSeconds(drain) };
            }
            options = options with
            {
                Telemetry = TelemetryOptions.Parse(parse.GetValue(otlpEndpoint), parse.GetValue(otlpProtocol), options.Telemetry, System.Environment.GetEnvironmentVariable),
            };
            options = Recording(options, parse.GetValue(record), parse.GetResult(recordText) is { Implicit: false } ? parse.GetValue(recordText) : null, parse.GetValue(recordMaxMb));
            options = WithReward(options, parse.GetValue(rewardUpstream), parse.GetValue(rewardModel), parse.GetValue(rewardKind), parse.GetValue(rewardKeyEnv)).Validate();
            var rewards = Rewards(options.RewardUpstream);
            var order = parse.GetValue(priority) is { } priorityName ? PriorityName(priorityName) : PriorityOrder.None;
            var urls = parse.GetValue(upstream) ?? [];
            var dialectName = parse.GetValue(dialect) is { } d ? Dialect(d) : null;
            var upstreams = urls.Length > 0 ? urls.Select(u => new UpstreamSpec(u, order, Dialect: dialectName)).ToList() : options.Upstreams;
            if (upstreams is { Count: > 0 })
            {
                if (parse.GetValue(sim.Model) is { } model)
                    options = options with { DefaultModel = model };
                var engines = upstreams.Select(u => Upstream(u, parse.GetValue(keyEnv), parse.GetValue(sim.Model), options) with { Rewards = rewards }).ToList();
                return await ServerRunner.RunAsync(options, engines, url => Banner(url, parse.GetValue(apiKeys), options.Recording), cancellationToken);
            }
            var replicas = parse.GetValue(simReplicas);
            if (replicas is < 1 or > 64)
                throw new ArgumentException($"--sim-replicas {replicas} must be between 1 and 64.");
            var simulated = Enumerable.Range(0, replicas).Select(_ => sim.CreateEngine(parse)).ToList();
            try
            {
                // Distinct names so /health and the per-upstream metrics tell the replicas apart.
                var served = simulated.Select((e, i) => i == 0 ? SimulatedServing.Serve(e) : SimulatedServing.Serve(e) with { Name = $"simulated-{i}" })
                    .Select(e => rewards is null ? e : e with { Rewards = rewards }).ToList();
                return await ServerRunner.RunAsync(options, served, url => Banner(url, parse.GetValue(apiKeys), options.Recording), cancellationToken);
            }
            finally
            {
                foreach (var engine in simulated)
                    await engine.DisposeAsync();
            }
        }));
        return command;
    }

    // The command line's recording settings over the config file's: --record names the directory, the others adjust it.
    private static ServerOptions Recording(ServerOptions options, string? directory, bool? text, int? maxMb)
    {
        var recording = directory is not null ? new RecordingOptions(directory, options.Recording?.Text ?? false) : options.Recording;
        if (recording is null)
        {
            if (text is not null || maxMb is not null)
                throw new ArgumentException($"{(text is not null ? "--record-text" : "--record-max-mb")} needs --record DIR (or \"record\" in the config file): it sets how traffic is recorded.");
            return options;
        }
        return options with { Recording = recording with { Text = text ?? recording.Text, MaxFileMegabytes = maxMb ?? recording.MaxFileMegabytes } };
    }

    private static ServedEngine Upstream(UpstreamSpec spec, string? keyVariable, string? model, ServerOptions options)
    {
        var url = spec.Url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new ArgumentException($"--upstream '{url}' is not a URL; give the engine's API root such as http://vllm-host:8000/v1.");
        keyVariable = spec.KeyEnv ?? keyVariable;
        var key = keyVariable is null ? null : ServerRunner.Environment(keyVariable, spec.KeyEnv is null ? "--upstream-key-env" : "key_env");
        var upstream = new UpstreamOptions(uri, key, model, options.UpstreamProtocol, options.UpstreamTimeout, Dialect: spec.Dialect, ReasoningParser: spec.ReasoningParser).Validate();
        // Engines close idle keep-alive connections after 5 s (uvicorn under vLLM and SGLang, llama.cpp's "Keep-Alive:
        // timeout=5"): dropping ours first keeps a request from landing on a connection the engine is closing.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4) }) { Timeout = Timeout.InfiniteTimeSpan };
        return ServedEngine.ForUpstream(new UpstreamEngine(upstream, http, TimeProvider.System), spec.Priority);
    }

    // The command line's reward settings over the config file's: a flag replaces that one field.
    private static ServerOptions WithReward(ServerOptions options, string? url, string? model, string? kind, string? keyEnv)
    {
        if (url is null && model is null && kind is null && keyEnv is null)
            return options;
        var spec = options.RewardUpstream ?? new RewardUpstreamSpec("");
        return options with
        {
            RewardUpstream = spec with
            {
                Url = url ?? spec.Url,
                Model = model ?? spec.Model,
                Kind = kind is null ? spec.Kind : RewardModelClient.ParseKind(kind),
                KeyEnv = keyEnv ?? spec.KeyEnv,
            },
        };
    }

    // The reward upstream's client (its key read from the environment), or null for the engine's own (simulated) or none.
    private static ServedRewardModel? Rewards(RewardUpstreamSpec? spec)
    {
        if (spec is null)
            return null;
        var key = spec.KeyEnv is null ? null : ServerRunner.Environment(spec.KeyEnv, "--reward-key-env");
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4) }) { Timeout = Timeout.InfiniteTimeSpan };
        return ServedRewardModel.ForUpstream(spec, key, http);
    }

    private static string? Dialect(string name)
    {
        try
        {
            return ServerConfigFile.DialectName(name, "--upstream-dialect");
        }
        catch (OpenAiException e)
        {
            throw new ArgumentException(e.Message);
        }
    }

    private static PriorityOrder PriorityName(string name)
    {
        try
        {
            return ServerConfigFile.PriorityName(name, "--upstream-priority");
        }
        catch (OpenAiException e)
        {
            throw new ArgumentException(e.Message);
        }
    }

    private static UpstreamProtocol Protocol(string name) => name switch
    {
        "chat" => UpstreamProtocol.Chat,
        "completions" => UpstreamProtocol.Completions,
        _ => throw new ArgumentException($"--upstream-protocol '{name}' is unknown; use chat or completions."),
    };

    // With keys required, the curl sends the first one, read from the variable the keys come from (never printed).
    private static string Banner(string url, string? keysVariable, RecordingOptions? recording)
    {
        var auth = keysVariable is null ? "" : $" -H \"Authorization: Bearer ${{{keysVariable}%%,*}}\"";
        var recorded = recording is null ? "" : $"Recording sc and cot traffic to {recording.Directory} ({(recording.Text ? "with prompts and outputs" : "prompts replaced by their hash")}, files of up to {recording.MaxFileMegabytes} MB).\n\n";
        return $"""
            Dynasor is serving the OpenAI API. Try:

              curl {url}/v1/chat/completions -H 'Content-Type: application/json'{auth} \
                -d '{"{"}"messages":[{"{"}"role":"user","content":"What is 17*23?"{"}"}],"dynasor":{"{"}"mode":"cot","effort":"mid"{"}"}{"}"}'

            Endpoints: /v1/chat/completions /v1/completions /v1/models, /health (/live, /ready), /metrics. Ctrl+C stops (requests in flight drain first).

            """ + recorded;
    }
}
