using System.Text.Json;

namespace Dynasor.Traces;

/// <summary>
/// The JSON form of <see cref="TraceChain"/>, a sample's optional <c>chain</c> field:
/// <c>{"interval":64,"probe_tokens":20,"window":3,"tokens":1210,"exited":true,"probes":[{"at":64,"answer":"42","tokens":2,"hedged":false},...]}</c>.
/// </summary>
internal static class ChainJson
{
    public static void Write(Utf8JsonWriter json, TraceChain chain)
    {
        json.WriteStartObject("chain");
        json.WriteNumber("interval", chain.ProbeInterval);
        json.WriteNumber("probe_tokens", chain.ProbeTokens);
        if (chain.Window is { } window)
            json.WriteNumber("window", window);
        json.WriteNumber("tokens", chain.Tokens);
        json.WriteBoolean("exited", chain.Exited);
        json.WriteStartArray("probes");
        foreach (var probe in chain.Probes)
        {
            json.WriteStartObject();
            json.WriteNumber("at", probe.At);
            json.WriteString("answer", probe.Answer);
            json.WriteNumber("tokens", probe.Tokens);
            json.WriteBoolean("hedged", probe.Hedged);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>What is wrong with <paramref name="chain"/>, or null when a reader would accept it.</summary>
    public static string? Problem(TraceChain chain)
    {
        if (chain.Probes is null)
            return "has null Probes; pass an empty list when there are none";
        if (chain.ProbeInterval < 1 || chain.ProbeTokens < 1 || chain.Tokens < 0 || chain.Window is < 1)
            return $"has interval {chain.ProbeInterval}, probe_tokens {chain.ProbeTokens}, tokens {chain.Tokens}, window {chain.Window}; the first two and the window must be 1 or more, tokens 0 or more";
        var previous = 0;
        foreach (var probe in chain.Probes)
        {
            if (probe is null || probe.Answer is null)
                return "has a null probe or probe answer";
            if (probe.At <= previous || probe.At % chain.ProbeInterval != 0 || probe.Tokens < 0)
                return $"has a probe at {probe.At} with {probe.Tokens} tokens; probes must be at ascending multiples of the interval {chain.ProbeInterval}, with 0 or more tokens";
            previous = probe.At;
        }
        return null;
    }

    /// <summary>Reads a sample's <c>chain</c> object; <paramref name="fail"/> builds the error for a problem (without location).</summary>
    public static TraceChain Read(JsonElement element, string where, Func<string, TraceFormatException> fail)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw fail($"{where} must be an object with interval, probe_tokens, tokens and probes");
        var interval = Int(element, "interval", where, fail, 1);
        var probeTokens = Int(element, "probe_tokens", where, fail, 1);
        var tokens = Int(element, "tokens", where, fail, 0);
        int? window = element.TryGetProperty("window", out var w) && w.ValueKind != JsonValueKind.Null ? Int(element, "window", where, fail, 1) : null;
        var exited = element.TryGetProperty("exited", out var e) && e.ValueKind != JsonValueKind.Null
            && (e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw fail($"{where}.exited must be true or false, got {e.GetRawText()}"));
        if (!element.TryGetProperty("probes", out var list) || list.ValueKind != JsonValueKind.Array)
            throw fail($"{where}.probes is missing or not an array; give the chain's probes in launch order ([] when none)");
        var probes = new List<TraceProbe>(list.GetArrayLength());
        foreach (var p in list.EnumerateArray())
        {
            var at = $"{where}.probes[{probes.Count}]";
            if (p.ValueKind != JsonValueKind.Object)
                throw fail($"{at} is not an object");
            var answer = p.TryGetProperty("answer", out var a) && a.ValueKind != JsonValueKind.Null
                ? a.ValueKind == JsonValueKind.String ? a.GetString()! : throw fail($"{at}.answer must be a string, got {a.GetRawText()}")
                : "";
            var hedged = p.TryGetProperty("hedged", out var h) && h.ValueKind != JsonValueKind.Null
                && (h.ValueKind is JsonValueKind.True or JsonValueKind.False ? h.GetBoolean() : throw fail($"{at}.hedged must be true or false, got {h.GetRawText()}"));
            var probeAt = Int(p, "at", at, fail, 1);
            var previous = probes.Count == 0 ? 0 : probes[^1].At;
            if (probeAt <= previous || probeAt % interval != 0)
                throw fail($"{at}.at {probeAt} must be a multiple of the chain's interval {interval} above the previous probe's {previous}; list probes in launch order");
            probes.Add(new TraceProbe(probeAt, answer, p.TryGetProperty("tokens", out _) ? Int(p, "tokens", at, fail, 0) : 0, hedged));
        }
        return new TraceChain(interval, probeTokens, tokens, exited, probes) { Window = window };
    }

    private static int Int(JsonElement element, string name, string where, Func<string, TraceFormatException> fail, int min)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
            throw fail($"{where}.{name} is missing or not a number");
        if (!value.TryGetInt32(out var n) || n < min)
            throw fail($"{where}.{name} must be an integer of at least {min}, got {value.GetRawText()}");
        return n;
    }
}
