using Dynasor.Server.Scheduling;

namespace Dynasor.Server.Hosting;

/// <summary>One upstream replica as configured (<c>--upstream URL</c> or an entry of the config file's <c>upstreams</c>).</summary>
/// <param name="Url">The engine's OpenAI-compatible API root, e.g. <c>http://vllm-host:8000/v1</c>.</param>
/// <param name="Priority">Whether it takes a request <c>priority</c> field (vLLM <c>--scheduling-policy priority</c>, SGLang).</param>
/// <param name="KeyEnv">Environment variable with its API key, or null for <c>--upstream-key-env</c>'s.</param>
public sealed record UpstreamSpec(string Url, PriorityOrder Priority = PriorityOrder.None, string? KeyEnv = null);
