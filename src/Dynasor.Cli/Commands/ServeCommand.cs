using System.CommandLine;
using Dynasor.Server.Hosting;
using Dynasor.Server.Upstream;

namespace Dynasor.Cli.Commands;

/// <summary>
/// <c>dynasor serve</c>: the OpenAI-compatible Dynasor server in front of an upstream engine (vLLM, SGLang,
/// Ollama, llama.cpp), or of the built-in simulated engine (in this process) when no <c>--upstream</c> is given.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var upstream = new Option<string?>("--upstream") { Description = "OpenAI-compatible API root of the engine, e.g. http://vllm-host:8000/v1. Default: the built-in simulated engine." };
        var keyEnv = new Option<string?>("--upstream-key-env") { Description = "Environment variable holding the upstream's API key (sent as a bearer token, never logged)." };
        var protocol = new Option<string?>("--upstream-protocol") { Description = "chat (continue_final_message, vLLM/SGLang) or completions (raw prompt in ChatML). Default chat." };
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => 8000 };
        var config = new Option<string?>("--config") { Description = "JSON config file: server defaults for the dynasor object, limits, upstream timeout." };
        var apiKeys = new Option<string?>("--api-keys-env") { Description = "Environment variable with comma-separated API keys clients must send as bearer tokens on /v1/*." };
        var sim = SimOptions.Create();

        var command = new Command("serve", "Serve the OpenAI API with Dynasor in front of an engine.")
        {
            upstream, keyEnv, protocol, sim.Model, host, port, config, apiKeys, sim.Seed, sim.TimeScale, sim.MaxBatch,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(async () =>
        {
            var options = new ServerOptions(parse.GetValue(host)!, parse.GetValue(port));
            if (parse.GetValue(config) is { } path)
                options = ServerConfigFile.Apply(path, options);
            if (parse.GetValue(protocol) is { } name)
                options = options with { UpstreamProtocol = Protocol(name) };
            if (parse.GetValue(apiKeys) is { } keysVariable)
                options = options with { ApiKeys = ServerRunner.Environment(keysVariable, "--api-keys-env").Split(',', StringSplitOptions.TrimEntries) };
            options = options.Validate();
            if (parse.GetValue(upstream) is { } url)
                return await ServerRunner.RunAsync(options, Upstream(url, parse.GetValue(keyEnv), parse.GetValue(sim.Model), options), Banner, cancellationToken);
            await using var engine = sim.CreateEngine(parse);
            return await ServerRunner.RunAsync(options, SimulatedServing.Serve(engine), Banner, cancellationToken);
        }));
        return command;
    }

    private static ServedEngine Upstream(string url, string? keyVariable, string? model, ServerOptions options)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new ArgumentException($"--upstream '{url}' is not a URL; give the engine's API root such as http://vllm-host:8000/v1.");
        var key = keyVariable is null ? null : ServerRunner.Environment(keyVariable, "--upstream-key-env");
        var upstream = new UpstreamOptions(uri, key, model, options.UpstreamProtocol, options.UpstreamTimeout).Validate();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };
        return ServedEngine.ForUpstream(new UpstreamEngine(upstream, http, TimeProvider.System));
    }

    private static UpstreamProtocol Protocol(string name) => name switch
    {
        "chat" => UpstreamProtocol.Chat,
        "completions" => UpstreamProtocol.Completions,
        _ => throw new ArgumentException($"--upstream-protocol '{name}' is unknown; use chat or completions."),
    };

    private static string Banner(string url) =>
        $"""
        Dynasor is serving the OpenAI API. Try:

          curl {url}/v1/chat/completions -H 'Content-Type: application/json' \
            -d '{"{"}"messages":[{"{"}"role":"user","content":"What is 17*23?"{"}"}],"dynasor":{"{"}"mode":"cot","effort":"mid"{"}"}{"}"}'

        Endpoints: /v1/chat/completions /v1/completions /v1/models /health /metrics. Ctrl+C stops.

        """;
}
