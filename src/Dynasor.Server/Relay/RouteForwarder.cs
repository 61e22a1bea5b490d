using System.Net;
using System.Net.Http.Headers;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Scheduling;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Dynasor.Server.Relay;

/// <summary>
/// The routes Dynasor does not act on, forwarded to a healthy engine as they came by YARP's forwarder (streaming
/// bodies both ways, hop-by-hop headers handled): every other <c>/v1/*</c> route (<c>/v1/embeddings</c>,
/// <c>/v1/responses</c>, <c>/v1/rerank</c>, <c>/v1/audio/*</c>, ...) and the engines' own <c>/tokenize</c>,
/// <c>/detokenize</c>, <c>/apply-template</c>, <c>/props</c> and <c>/version</c>. The client's key is Dynasor's and is
/// replaced by the upstream's (or removed). These requests skip the scheduler: they generate no reasoning tokens.
/// </summary>
internal sealed class RouteForwarder(IHttpForwarder forwarder, ReplicaSet replicas)
{
    /// <summary>The engine routes outside <c>/v1</c> that are relayed.</summary>
    public static readonly string[] EngineRoutes = ["/tokenize", "/detokenize", "/apply-template", "/props", "/version"];

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        // Below the engines' 5 s keep-alive (uvicorn, llama.cpp), as for the completion routes.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(4),
    });

    public async Task ForwardAsync(HttpContext context)
    {
        // The healthiest replica with the least queued work; they all serve the same model.
        var replica = replicas.Replicas.Where(r => r.Healthy).OrderBy(replicas.PredictedWork).FirstOrDefault() ?? replicas.Replicas[0];
        var upstream = replica.Engine.Upstream!;
        var error = await forwarder.SendAsync(context, upstream.Options.RootRoute("").AbsoluteUri.TrimEnd('/'), _client, ForwarderRequestConfig.Empty,
            new KeyTransformer(upstream.Options.ApiKey));
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(ErrorBody.ToUtf8(new OpenAiException(502,
                $"The upstream {upstream.Options.BaseUrl} could not be reached for {context.Request.Path} ({error}).", "upstream_error", null, "upstream_502")));
        }
    }

    private sealed class KeyTransformer(string? key) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);
        }
    }
}
