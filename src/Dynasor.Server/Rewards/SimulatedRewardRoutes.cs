using System.Text.Json;
using Dynasor.Rewards;
using Dynasor.Server.Hosting;
using Dynasor.Server.OpenAi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dynasor.Server.Rewards;

/// <summary>
/// The simulated reward model over HTTP, in vLLM's formats, so the reward clients can be run against
/// <c>dynasor sim-engine</c>: <c>POST /pooling</c> answers a process reward model's per-step [negative, positive] pairs
/// (as vLLM serves Qwen2.5-Math-PRM), <c>POST /classify</c> an outcome model's one probability (the last step's reward).
/// Both take <c>messages</c> or a ChatML <c>input</c>; a body that names another model is a 404, a malformed one a 400.
/// </summary>
public static class SimulatedRewardRoutes
{
    private const long BodyLimit = 4 << 20;
    private static long _requests;

    /// <summary>Maps both routes on <paramref name="app"/>, serving <paramref name="model"/> under the name <paramref name="modelName"/>.</summary>
    public static void Map(IEndpointRouteBuilder app, IRewardModel model, string modelName, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        app.MapPost("/pooling", (HttpContext c) => AnswerAsync(c, model, modelName, time, prm: true));
        app.MapPost("/classify", (HttpContext c) => AnswerAsync(c, model, modelName, time, prm: false));
    }

    private static async Task AnswerAsync(HttpContext context, IRewardModel model, string modelName, TimeProvider time, bool prm)
    {
        var response = context.Response;
        try
        {
            var body = RewardBodyReader.Read(await RequestBody.ReadAsync(context.Request, BodyLimit, context.RequestAborted), tagged: prm);
            if (body.Model is { } asked && asked != modelName)
                throw new OpenAiException(404, $"The model '{asked}' does not exist; this server serves '{modelName}'.", "invalid_request_error", "model", "model_not_found");
            var score = await model.ScoreAsync(body.Request, context.RequestAborted);
            response.ContentType = "application/json";
            await using var json = new Utf8JsonWriter(response.BodyWriter);
            Write(json, score, modelName, time, prm);
        }
        catch (OpenAiException e)
        {
            response.StatusCode = e.StatusCode;
            response.ContentType = "application/json";
            await response.Body.WriteAsync(ErrorBody.ToUtf8(e), context.RequestAborted);
        }
    }

    private static void Write(Utf8JsonWriter json, RewardScore score, string modelName, TimeProvider time, bool prm)
    {
        json.WriteStartObject();
        json.WriteString("id", $"{(prm ? "pool" : "classify")}-{Interlocked.Increment(ref _requests)}");
        json.WriteString("object", "list");
        json.WriteNumber("created", time.GetUtcNow().ToUnixTimeSeconds());
        json.WriteString("model", modelName);
        json.WriteStartArray("data");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        if (prm)
        {
            json.WriteString("object", "pooling");
            json.WriteStartArray("data");
            foreach (var reward in score.StepRewards)
            {
                json.WriteStartArray();
                json.WriteNumberValue(1 - reward);
                json.WriteNumberValue(reward);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }
        else
        {
            json.WriteString("label", "LABEL_0");
            json.WriteStartArray("probs");
            json.WriteNumberValue(score.Last);
            json.WriteEndArray();
            json.WriteNumber("num_classes", 1);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", score.Tokens);
        json.WriteNumber("total_tokens", score.Tokens);
        json.WriteNumber("completion_tokens", 0);
        json.WriteNull("prompt_tokens_details");
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
