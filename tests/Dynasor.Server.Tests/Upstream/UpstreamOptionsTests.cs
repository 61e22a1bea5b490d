using Dynasor.Server.Upstream;

namespace Dynasor.Server.Tests.Upstream;

public sealed class UpstreamOptionsTests
{
    [Fact]
    public void ToString_WithKey_NeverShowsKey()
    {
        var options = new UpstreamOptions(new Uri("http://vllm:8000/v1"), ApiKey: "sk-very-secret");

        Assert.DoesNotContain("sk-very-secret", options.ToString());
        Assert.Contains("key set", options.ToString());
    }

    [Fact]
    public void Validate_NonHttpUrl_ThrowsNamingFlag()
    {
        var error = Assert.Throws<ArgumentException>(() => new UpstreamOptions(new Uri("ftp://host/v1")).Validate());

        Assert.Contains("--upstream 'ftp://host/v1'", error.Message);
    }

    [Fact]
    public void Route_BaseWithOrWithoutSlash_JoinsOnce()
    {
        Assert.Equal("http://h/v1/models", new UpstreamOptions(new Uri("http://h/v1/")).Route("models").ToString());
        Assert.Equal("http://h/v1/models", new UpstreamOptions(new Uri("http://h/v1")).Route("models").ToString());
    }
}
