using System.Security.Cryptography;
using System.Text;
using Dynasor.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Hosting;

/// <summary>
/// Guards every route but <c>/health</c> and <c>/metrics</c> with bearer keys when any are configured (the relayed engine
/// routes too: the upstream's own key goes with them); a missing or wrong key gets an OpenAI-style 401.
/// </summary>
internal sealed class ApiKeyMiddleware(IReadOnlyList<string> keys)
{
    private readonly byte[][] _keys = keys.Select(Encoding.UTF8.GetBytes).ToArray();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_keys.Length == 0 || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics") || Authorized(context.Request))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = 401;
        context.Response.ContentType = "application/json";
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.Body.WriteAsync(ErrorBody.ToUtf8(new OpenAiException(401,
            "Missing or invalid API key; send 'Authorization: Bearer <key>' with a key from the server's --api-keys-env variable.",
            "invalid_request_error", null, "invalid_api_key")));
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        var given = Encoding.UTF8.GetBytes(header[7..].Trim());
        // Fixed-time comparison, so response timing does not leak how much of a key matched.
        return _keys.Any(k => CryptographicOperations.FixedTimeEquals(k, given));
    }
}
