namespace Dynasor.Server.Hosting;

/// <summary>
/// Per-API-key limits on requests and on upstream tokens per minute, as token buckets that refill continuously on
/// <see cref="TimeProvider"/> (a key may burst up to one minute's worth). A request needs one request credit and a
/// token balance above zero to start; its upstream tokens are charged when it ends (a long answer may take the balance
/// below zero, and the key then waits until it refills). Thread-safe.
/// </summary>
internal sealed class KeyRateLimiter(int? requestsPerMinute, long? tokensPerMinute, TimeProvider time)
{
    private readonly Dictionary<int, Bucket> _keys = [];
    private readonly object _lock = new();

    /// <summary>Takes one request credit of key <paramref name="key"/>; when refused, how long until it could start.</summary>
    public bool TryStart(int key, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var bucket = Refill(key);
            var waitRequests = requestsPerMinute is { } rpm && bucket.Requests < 1 ? (1 - bucket.Requests) / rpm : 0;
            var waitTokens = tokensPerMinute is { } tpm && bucket.Tokens <= 0 ? (1 - bucket.Tokens) / tpm : 0;
            retryAfter = TimeSpan.FromMinutes(Math.Max(waitRequests, waitTokens));
            if (retryAfter > TimeSpan.Zero)
                return false;
            bucket.Requests -= 1;
            return true;
        }
    }

    /// <summary>Charges key <paramref name="key"/> with the upstream tokens of a finished request.</summary>
    public void Charge(int key, long tokens)
    {
        if (tokensPerMinute is null)
            return;
        lock (_lock)
            Refill(key).Tokens -= tokens;
    }

    private Bucket Refill(int key)
    {
        var now = time.GetTimestamp();
        if (!_keys.TryGetValue(key, out var bucket))
            _keys[key] = bucket = new Bucket { Requests = requestsPerMinute ?? 0, Tokens = tokensPerMinute ?? 0, At = now };
        var minutes = time.GetElapsedTime(bucket.At, now).TotalMinutes;
        bucket.At = now;
        if (requestsPerMinute is { } rpm)
            bucket.Requests = Math.Min(rpm, bucket.Requests + minutes * rpm);
        if (tokensPerMinute is { } tpm)
            bucket.Tokens = Math.Min(tpm, bucket.Tokens + minutes * tpm);
        return bucket;
    }

    private sealed class Bucket
    {
        public double Requests;
        public double Tokens;
        public long At;
    }
}
