using Dynasor.Server.Scheduling;

namespace Dynasor.Server.Hosting;

/// <summary>One upstream replica as configured (<c>--upstream URL</c> or an entry of the config file's <c>upstreams</c>).</summary>
/// <param name="Url">The engine's OpenAI-compatible API root, e.g. <c>http://vllm-host:8000/v1</c>.</param>
/// <param name="Priority">Whether it takes a request <c>priority</c> field (vLLM <c>--scheduling-policy priority</c>, SGLang).</param>
/// <param name="KeyEnv">Environment variable with its API key, or null for <c>--upstream-key-env</c>'s.</param>
/// <param name="Dialect">The engine's dialect (<c>vllm</c>, <c>sglang</c>, <c>llamacpp</c>, <c>ollama</c>, <c>openai</c>); null: detected at start.</param>
/// <param name="ReasoningParser">Whether the engine runs a reasoning parser; null: what it reveals, else its dialect's default.</param>
public sealed record UpstreamSpec(string Url, PriorityOrder Priority = PriorityOrder.None, string? KeyEnv = null, string? Dialect = null, bool? ReasoningParser = null);
