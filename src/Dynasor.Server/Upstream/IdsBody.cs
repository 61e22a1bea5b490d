using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Server.Dialects;

namespace Dynasor.Server.Upstream;

/// <summary>
/// A streamed generation on a prompt of token ids, which the engine continues with no template and no re-tokenisation:
/// <c>/v1/completions</c> with <c>return_token_ids</c> (vLLM, SGLang), or llama.cpp's native <c>/completion</c>, which
/// returns each token's id in <c>tokens</c> and names its limit <c>n_predict</c>.
/// </summary>
internal static class IdsBody
{
    public static byte[] Build(IdGeneration generation, string model, IReadOnlyList<int> prompt, ContinuationRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("prompt");
            foreach (var id in prompt)
                json.WriteNumberValue(id);
            json.WriteEndArray();
            if (generation == IdGeneration.NativeCompletion)
            {
                json.WriteBoolean("stream", true);
                json.WriteNumber("n_predict", request.MaxTokens);
                json.WriteBoolean("return_tokens", true);
                UpstreamFields.WriteSampling(json, request.Sampling);
            }
            else
            {
                json.WriteString("model", model);
                UpstreamFields.WriteStreaming(json, request);
                json.WriteBoolean("return_token_ids", true);
            }
            ClientFieldsWriter.Write(json, request.ClientFields, promptOfIds: true);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
