using System.Buffers;
using Dynasor.Server.OpenAi;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Hosting;

/// <summary>Reads a request body up to a limit; a larger one is a 413 before it is buffered whole.</summary>
internal static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
            throw TooLarge(request.ContentLength.Value, limit);
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            int read;
            try
            {
                read = await request.Body.ReadAsync(memory, cancellationToken);
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel gave up on the body: too slow (MinRequestBodyDataRate, 408) or cut short (400).
                throw new OpenAiException(e.StatusCode, e.StatusCode == StatusCodes.Status408RequestTimeout
                    ? "The request body arrived too slowly and the server stopped waiting for it; send the whole body at once."
                    : $"The request body could not be read ({e.Message}); send a complete body whose length matches Content-Length.",
                    "invalid_request_error", null, e.StatusCode == StatusCodes.Status408RequestTimeout ? "request_timeout" : "incomplete_body");
            }
            if (read == 0)
                return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
                throw TooLarge(buffer.WrittenCount, limit);
        }
    }

    private static OpenAiException TooLarge(long size, long limit) =>
        new(413, $"The request body ({size} bytes or more) exceeds the server's limit of {limit} bytes; send a smaller request or raise max_request_body_bytes in the server config.",
            "invalid_request_error", null, "request_too_large");
}
