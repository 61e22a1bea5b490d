using System.Text.Json;
using Dynasor.Server.OpenAi;

namespace Dynasor.Extensions.AI.Tests;

/// <summary><see cref="DynasorRequestSettings"/>: the server's per-request names and ranges, read from AdditionalProperties.</summary>
public sealed class DynasorRequestSettingsTests
{
    [Theory]
    [InlineData("mode", "\"cot\"")]
    [InlineData("effort", "\"high\"")]
    [InlineData("probe_interval", "32")]
    [InlineData("window", "4")]
    [InlineData("probe_max_tokens", "16")]
    [InlineData("probe_tail_tokens", "0")]
    [InlineData("policy", "\"ac:confidence=0.9\"")]
    [InlineData("max_samples", "12")]
    public void Merge_EveryName_ReadAsTheServerReadsIt(string name, string value)
    {
        var json = JsonDocument.Parse($"{{\"{name}\":{value}}}").RootElement;

        var ours = DynasorRequestSettings.Merge(new DynasorChatOptions(), json);
        var server = new DynasorSettings().Merge(json);

        Assert.Equal(server.Mode, ours.Mode.ToString().ToLowerInvariant());
        Assert.Equal((server.Effort, server.ProbeInterval, server.Window, server.ProbeMaxTokens, server.ProbeTailTokens, server.EffectivePolicy, server.MaxSamples),
            (ours.Effort, ours.ProbeInterval, ours.Window, ours.ProbeMaxTokens, ours.ProbeTailTokens, ours.Policy, ours.MaxSamples));
    }

    [Fact]
    public void Names_AreTheServersLessTheSchedulersDeadlineAndTheRewardModesKnobs()
    {
        var server = Assert.Throws<OpenAiException>(() => new DynasorSettings().Merge(JsonDocument.Parse("{\"x\":1}").RootElement)).Message;
        var known = server[(server.IndexOf("known: ", StringComparison.Ordinal) + 7)..].TrimEnd('.').Split(", ");
        // The reward modes (rebase, mcts, bon, wsc) run on the server only, with its reward model.
        string[] serverOnly = ["deadline_ms", "width", "iterations", "max_depth", "step_tokens", "balance_temperature", "exploration", "expansion_width"];

        Assert.Equal(known.Except(serverOnly).Order(), DynasorRequestSettings.Names.Order());
    }

    [Theory]
    [InlineData("{\"window\":0}", "'dynasor.window' 0 is invalid; use a whole number in 1..1000")]
    [InlineData("{\"mode\":3}", "'dynasor.mode' must be a string, not Number")]
    [InlineData("{\"modes\":\"cot\"}", "Unknown setting 'dynasor.modes'; known: mode, effort, probe_interval, window, probe_max_tokens, probe_tail_tokens, policy, max_samples")]
    [InlineData("[1]", "AdditionalProperties[\"dynasor\"] must be an object like {\"mode\":\"cot\"}, not Array")]
    [InlineData("{\"policy\":\"@calibrated.json\"}", "'dynasor.policy' '@calibrated.json' names a policy file, but the client has no PolicyDirectory; set DynasorChatOptions.PolicyDirectory or give a spec")]
    public void Merge_BadSetting_OneLineNamingItAndTheFix(string json, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DynasorRequestSettings.Merge(new DynasorChatOptions(), json));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Merge_PolicyFileName_ResolvedInDirectoryAndPathsRefused()
    {
        var options = new DynasorChatOptions { PolicyDirectory = "/srv/policies" };

        Assert.Equal("@/srv/policies/p.json", DynasorRequestSettings.Merge(options, new { policy = "@p.json" }).Policy);
        Assert.Throws<ArgumentException>(() => DynasorRequestSettings.Merge(options, new { policy = "@../etc/passwd" }));
        Assert.Throws<ArgumentException>(() => DynasorRequestSettings.Merge(options, new { policy = "@/etc/passwd" }));
    }

    [Fact]
    public void Merge_DeadlineMs_RefusedSayingItHasNoEffectHere()
    {
        var e = Assert.Throws<ArgumentException>(() => DynasorRequestSettings.Merge(new DynasorChatOptions(), new { deadline_ms = 1000 }));

        Assert.Contains("no effect", e.Message);
    }
}
