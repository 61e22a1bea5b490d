using System.ClientModel;
using Dynasor.Extensions.AI;
using Microsoft.Extensions.AI;
using OpenAI;

// Usage: dotnet run --project samples/QuickstartChat -- [BASE_URL] [MODEL] [QUESTION]
// Default: `dynasor sim-engine` on http://127.0.0.1:8001/v1 (model dynasor-sim); `dynasor serve` listens on :8000.
var baseUrl = args.ElementAtOrDefault(0) ?? Environment.GetEnvironmentVariable("DYNASOR_BASE_URL") ?? "http://127.0.0.1:8001/v1";
var model = args.ElementAtOrDefault(1) ?? "dynasor-sim";
var question = args.ElementAtOrDefault(2) ?? "What is 17*23?";
if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
    return Fail($"base URL '{baseUrl}' is not an http(s) URL; give one such as http://127.0.0.1:8001/v1");
var key = new ApiKeyCredential(Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "unused");

// The three lines: the OpenAI client pointed at the engine, Dynasor-CoT in its pipeline, a request.
IChatClient engine = new OpenAIClient(key, new OpenAIClientOptions { Endpoint = endpoint }).GetChatClient(model).AsIChatClient();
IChatClient client = engine.AsBuilder().UseDynasorCot("mid").Build();
var updates = client.GetStreamingResponseAsync(question);

try
{
    DynasorReport? report = null;
    await foreach (var update in updates)
    {
        Console.Write(update.Text);
        report = DynasorReport.From(update) ?? report;
    }
    Console.WriteLine();
    Console.WriteLine($"dynasor: exited early {report?.ExitedEarly}, answer {report?.Answer ?? "(the model's own)"}, {report?.Probes} probes, "
        + $"certaindex {report?.Certaindex:0.###}, {report?.UpstreamTokens} upstream tokens");

    // The same client, one request in adaptive self-consistency instead (the server's per-request names).
    var options = new ChatOptions { AdditionalProperties = new() { ["dynasor"] = new { mode = "sc", policy = "settle", max_samples = 8 } } };
    var voted = await client.GetResponseAsync(question, options);
    var sc = DynasorReport.From(voted)!;
    Console.WriteLine($"sc: answer {sc.Answer}, votes {string.Join(", ", sc.Votes.Select(v => $"{v.Key}: {v.Value}"))}, {sc.Samples} samples, {sc.UpstreamTokens} upstream tokens");
    return 0;
}
catch (Exception e) when (e is HttpRequestException or ClientResultException or AggregateException or TaskCanceledException)
{
    // The OpenAI client retries a refused connection and then throws all the attempts' failures together.
    var why = (e is AggregateException all ? all.InnerExceptions[0].Message : e.Message).ReplaceLineEndings(" ");
    return Fail($"the request to {baseUrl} failed ({why}); start an engine serving '{model}' there ('dynasor sim-engine --time-scale 0') or give its base URL and model");
}

static int Fail(string message)
{
    Console.Error.WriteLine($"quickstart: error: {message}");
    return 2;
}
