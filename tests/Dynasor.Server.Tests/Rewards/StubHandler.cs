using System.Net;
using System.Text;

namespace Dynasor.Server.Tests.Rewards;

/// <summary>
/// An HTTP handler that answers from a script instead of the network: each request gets the next answer (status and
/// body) for its path, and is recorded with its body. A <c>null</c> body hangs until the request is cancelled.
/// </summary>
internal sealed class StubHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<(HttpStatusCode Status, string? Body)>> _answers = [];

    public List<(HttpMethod Method, Uri Url, string Body)> Requests { get; } = [];

    /// <summary>Cancellations the handler saw while a request hung.</summary>
    public int Cancelled { get; private set; }

    public StubHandler Answer(string path, string? body, HttpStatusCode status = HttpStatusCode.OK)
    {
        if (!_answers.TryGetValue(path, out var queue))
            _answers[path] = queue = new Queue<(HttpStatusCode, string?)>();
        queue.Enqueue((status, body));
        return this;
    }

    public HttpClient Client() => new(this) { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, body));
        var queue = _answers[request.RequestUri!.AbsolutePath];
        var (status, text) = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        if (text is null)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled++;
                throw;
            }
        }

        return new HttpResponseMessage(status) { Content = new StringContent(text!, Encoding.UTF8, "application/json") };
    }
}
