using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>
/// Adds Dynasor to a <see cref="ChatClientBuilder"/> pipeline. Each call adds one <see cref="DynasorChatClient"/>; a request
/// may still change its mode and settings through <c>ChatOptions.AdditionalProperties["dynasor"]</c>.
/// </summary>
public static class DynasorChatClientBuilderExtensions
{
    /// <summary>Dynasor with <paramref name="options"/> (default: mode off, so only requests that ask for a mode run one).</summary>
    public static ChatClientBuilder UseDynasor(this ChatClientBuilder builder, DynasorChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Validated now, when the pipeline is described, not at the first request.
        options = (options ?? new DynasorChatOptions()).Validate();
        return builder.Use(inner => new DynasorChatClient(inner, options));
    }

    /// <summary>Dynasor-CoT early exit on every request: <paramref name="options"/> with <see cref="DynasorMode.Cot"/>.</summary>
    public static ChatClientBuilder UseDynasorCot(this ChatClientBuilder builder, DynasorChatOptions? options = null) =>
        builder.UseDynasor((options ?? new DynasorChatOptions()) with { Mode = DynasorMode.Cot });

    /// <summary>Dynasor-CoT at an effort preset (<c>mild</c>, <c>low</c>, <c>mid</c>, <c>high</c>, <c>crazy</c>).</summary>
    public static ChatClientBuilder UseDynasorCot(this ChatClientBuilder builder, string effort) =>
        builder.UseDynasorCot(new DynasorChatOptions { Effort = effort });

    /// <summary>Adaptive self-consistency on every request: <paramref name="options"/> with <see cref="DynasorMode.Sc"/>.</summary>
    public static ChatClientBuilder UseAdaptiveSelfConsistency(this ChatClientBuilder builder, DynasorChatOptions? options = null) =>
        builder.UseDynasor((options ?? new DynasorChatOptions()) with { Mode = DynasorMode.Sc });

    /// <summary>Adaptive self-consistency under <paramref name="policy"/> (a spec or <c>@path</c> to a calibrated policy file), at most <paramref name="maxSamples"/> samples.</summary>
    public static ChatClientBuilder UseAdaptiveSelfConsistency(this ChatClientBuilder builder, string policy, int maxSamples = 40) =>
        builder.UseAdaptiveSelfConsistency(new DynasorChatOptions { Policy = policy, MaxSamples = maxSamples });
}
