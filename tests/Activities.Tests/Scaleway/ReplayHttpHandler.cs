using System.Net;
using System.Text;

namespace CoderBootstrap.Activities.Tests.Scaleway;

/// <summary>
/// Answers with recorded responses. The interaction under test answers its own request; further
/// pages of a list are answered by the interactions of the same file recorded for that page.
/// </summary>
internal sealed class ReplayHttpHandler : HttpMessageHandler
{
    private readonly IReadOnlyList<RecordedInteraction> _fileInteractions;

    public ReplayHttpHandler(IReadOnlyList<RecordedInteraction> fileInteractions)
    {
        _fileInteractions = fileInteractions;
    }

    public RecordedInteraction? Current { get; set; }

    public List<(string Method, string PathAndQuery, string? AuthToken)> Requests { get; } = [];

    public List<RecordedInteraction> Answered { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = request.Headers.TryGetValues("X-Auth-Token", out var values) ? values.Single() : null;
        Requests.Add((request.Method.Method, request.RequestUri!.PathAndQuery, token));
        var path = request.RequestUri!.AbsolutePath;
        var page = PageOf(request.RequestUri.Query);
        var current = Current ?? throw new InvalidOperationException("no interaction selected");
        var answer = current.Method == request.Method.Method && current.Path == path && current.Page == page
            ? current
            : _fileInteractions.FirstOrDefault(i => i.Method == request.Method.Method && i.Path == path && i.Page == page);
        if (answer is null)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotImplemented)
            {
                Content = new StringContent($"{{\"message\":\"no recording for {request.Method} {request.RequestUri.PathAndQuery}\",\"type\":\"replay_missing\"}}", Encoding.UTF8, "application/json"),
            });
        }
        Answered.Add(answer);
        var response = new HttpResponseMessage((HttpStatusCode)answer.Status);
        if (answer.ResponseBody is { } body)
        {
            response.Content = new StringContent(body.GetRawText(), Encoding.UTF8, "application/json");
        }
        return Task.FromResult(response);
    }

    private static int PageOf(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == "page" && parts.Length == 2 && int.TryParse(parts[1], out var page))
            {
                return page;
            }
        }
        return 1;
    }
}
