using System.Text;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Activities.Tests.Infra;

/// <summary>
/// Passes Scaleway calls to the sandbox and, once armed, rewrites the status of the cluster in
/// GET /clusters/{id} answers: the sandbox has no way to put a cluster in a failed state.
/// </summary>
internal sealed class ClusterStatusOverride : DelegatingHandler
{
    private volatile string? _status;

    public ClusterStatusOverride()
        : base(new HttpClientHandler())
    {
    }

    public void Arm(string status) => _status = status;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri?.AbsolutePath ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isClusterGet = request.Method == HttpMethod.Get && segments.Length == 6 && segments[0] == "k8s" && segments[4] == "clusters";
        if (_status is not { } status || !isClusterGet || !response.IsSuccessStatusCode)
        {
            return response;
        }
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        body["status"] = status;
        response.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return response;
    }
}
