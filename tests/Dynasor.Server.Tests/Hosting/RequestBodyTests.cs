using Dynasor.Server.Hosting;
using Dynasor.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>A body Kestrel gives up on becomes an OpenAI error with Kestrel's status, not a 500.</summary>
public sealed class RequestBodyTests
{
    [Theory]
    [InlineData(408, "request_timeout")]
    [InlineData(400, "incomplete_body")]
    public async Task Read_KestrelGivesUpOnTheBody_OpenAiErrorWithItsStatus(int status, string code)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new FailingStream(new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", status));

        var error = await Assert.ThrowsAsync<OpenAiException>(() => RequestBody.ReadAsync(context.Request, 4096, CancellationToken.None));

        Assert.Equal((status, code), (error.StatusCode, error.Code));
    }

    private sealed class FailingStream(Exception failure) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);
    }
}
