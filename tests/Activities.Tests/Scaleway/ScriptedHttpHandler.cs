using System.Net;
using System.Text;

namespace CoderBootstrap.Activities.Tests.Scaleway;

/// <summary>Answers requests from a queue of scripted responses and records what was asked.</summary>
internal sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _responses = new();

    public List<(HttpMethod Method, Uri Uri, string? Body, string? AuthToken)> Requests { get; } = [];

    public ScriptedHttpHandler Respond(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null)
    {
        _responses.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public ScriptedHttpHandler Fail(Exception exception)
    {
        _responses.Enqueue(_ => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var token = request.Headers.TryGetValues("X-Auth-Token", out var values) ? values.Single() : null;
        Requests.Add((request.Method, request.RequestUri!, body, token));
        if (_responses.Count == 0)
        {
            throw new InvalidOperationException($"unexpected request {request.Method} {request.RequestUri}");
        }
        return _responses.Dequeue()(request);
    }
}
