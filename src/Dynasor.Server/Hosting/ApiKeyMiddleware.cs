using System.Security.Cryptography;
using System.Text;
using Dynasor.Server.Metrics;
using Dynasor.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Hosting;

/// <summary>
/// Guards every route but <c>/health</c> and <c>/metrics</c> with bearer keys when any are configured (the relayed engine
/// routes too: the upstream's own key goes with them); a missing or wrong key gets an OpenAI-style 401. Metrics stay open
/// to a scraper that holds no key, as health does to a load balancer.
/// </summary>
internal sealed class ApiKeyMiddleware(IReadOnlyList<string> keys, KeyRateLimiter? limits, ServerMetrics metrics)
{
    /// <summary>The <see cref="HttpContext.Items"/> entry holding the index of the key a request used.</summary>
    public const string KeyItem = "dynasor.key";

    private readonly byte[][] _keys = keys.Select(Encoding.UTF8.GetBytes).ToArray();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_keys.Length == 0 || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            await next(context);
            return;
        }
        if (KeyOf(context.Request) is { } key)
        {
            context.Items[KeyItem] = key;
            if (limits is null || limits.TryStart(key, out var retryAfter))
            {
                await next(context);
                return;
            }
            // OpenAI's answer to a key over its limits: 429 with the wait in Retry-After (whole seconds, rounded up).
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            metrics.Rejected("key_limits");
            context.Response.StatusCode = 429;
            context.Response.ContentType = "application/json";
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.Body.WriteAsync(ErrorBody.ToUtf8(new OpenAiException(429,
                $"This API key is over its limit of requests or tokens per minute; retry after {seconds} s (the server's key_limits).",
                "rate_limit_error", null, "rate_limit_exceeded")));
            return;
        }
        context.Response.StatusCode = 401;
        context.Response.ContentType = "application/json";
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.Body.WriteAsync(ErrorBody.ToUtf8(new OpenAiException(401,
            "Missing or invalid API key; send 'Authorization: Bearer <key>' with a key from the server's --api-keys-env variable.",
            "invalid_request_error", null, "invalid_api_key")));
    }

    // The index of the key the request carries, or null.
    private int? KeyOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return null;
        var given = Encoding.UTF8.GetBytes(header[7..].Trim());
        int? found = null;
        // Fixed-time comparison against every key, so response timing does not leak how much of a key matched.
        for (var i = 0; i < _keys.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(_keys[i], given))
                found ??= i;
        }
        return found;
    }
}
