using Dynasor.Search;
using Dynasor.Server.Hosting;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Rewards;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>The config file's reward model keys and the reward modes' knobs in its <c>dynasor</c> object.</summary>
public sealed class RewardConfigTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dynasor-reward-config-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Apply_RewardKeysAndKnobs_SetTheRewardUpstreamAndTheDefaults()
    {
        File.WriteAllText(_path, "{\"reward_upstream\":\"http://prm:8000/v1\",\"reward_model\":\"Qwen/Qwen2.5-Math-PRM-7B\",\"reward_kind\":\"outcome\",\"reward_key_env\":\"PRM_KEY\","
            + "\"dynasor\":{\"mode\":\"rebase\",\"width\":64,\"iterations\":10,\"max_depth\":12,\"step_tokens\":128,\"balance_temperature\":0.5,\"exploration\":1.4,\"expansion_width\":4}}");

        var options = ServerConfigFile.Apply(_path, new ServerOptions()).Validate();

        Assert.Equal(new RewardUpstreamSpec("http://prm:8000/v1", "Qwen/Qwen2.5-Math-PRM-7B", RewardKind.Outcome, "PRM_KEY"), options.RewardUpstream);
        var defaults = options.EffectiveDefaults;
        Assert.Equal(("rebase", 64, 10), (defaults.Mode, defaults.Width, defaults.Iterations));
        Assert.Equal(new SearchOptions(12, 128, 0.5, 1.4, 4), defaults.Search);
    }

    [Theory]
    [InlineData("{\"reward_kind\":\"judge\"}", "reward_kind 'judge' is unknown")]
    [InlineData("{\"reward_upstream\":7}", "'reward_upstream' must be a string")]
    [InlineData("{\"dynasor\":{\"width\":0}}", "dynasor.width")]
    [InlineData("{\"dynasor\":{\"step_tokens\":40000}}", "dynasor.step_tokens")]
    public void Apply_BadRewardField_ArgumentExceptionNamingIt(string json, string expected)
    {
        File.WriteAllText(_path, json);

        var error = Assert.Throws<ArgumentException>(() => ServerConfigFile.Apply(_path, new ServerOptions()));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("{\"reward_model\":\"prm\"}", "give --reward-upstream URL (reward_upstream in the config)")]
    [InlineData("{\"reward_upstream\":\"prm-host:8000\"}", "is not an http(s) URL")]
    [InlineData("{\"reward_upstream\":\"http://prm/v1\",\"reward_model\":\" \"}", "--reward-model is empty")]
    public void Validate_IncompleteRewardUpstream_NamesTheFix(string json, string expected)
    {
        File.WriteAllText(_path, json);
        var options = ServerConfigFile.Apply(_path, new ServerOptions());

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("rebase", null, "static:detect=16,threshold=0.85,max_reward=0.99")]
    [InlineData("rebase", "{\"width\":8}", "static:detect=8,threshold=0.85,max_reward=0.99")]
    [InlineData("mcts", null, "static:detect=3,threshold=0,reward=0.4")]
    [InlineData("mcts", "{\"iterations\":2}", "static:detect=2,threshold=0,reward=0.4")]
    [InlineData("bon", "{\"max_samples\":12}", "sc:n=12")]
    [InlineData("wsc", null, "sc:n=40")]
    [InlineData("sc", null, "settle")]
    [InlineData("rebase", "{\"policy\":\"sc:n=4\"}", "sc:n=4")]
    public void EffectivePolicy_Unset_TheModesDefault(string mode, string? knobs, string expected)
    {
        var settings = new DynasorSettings(Mode: mode);
        if (knobs is not null)
            settings = settings.Merge(System.Text.Json.JsonDocument.Parse(knobs).RootElement);

        Assert.Equal(expected, settings.EffectivePolicy);
    }
}
