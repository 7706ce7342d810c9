using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Sandbox.Tests.Scaleway;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

/// <summary>Calls the Scaleway API of a running <see cref="SandboxHost"/> with its token.</summary>
internal sealed class SandboxHostClient : IDisposable
{
    private readonly HttpClient _http = new();

    public SandboxHostClient(SandboxHost sandbox)
    {
        _http.BaseAddress = new Uri(sandbox.ScalewayUrl);
        _http.DefaultRequestHeaders.Add("X-Auth-Token", sandbox.Token);
    }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A private network and a cluster in it; returns the cluster id.</summary>
    public async Task<string> CreateClusterAsync()
    {
        var network = await SendAsync(HttpMethod.Post, "/vpc/v2/regions/fr-par/private-networks", new JsonObject { ["name"] = "pn" });
        Assert.Equal(HttpStatusCode.OK, network.Status);
        var cluster = await SendAsync(HttpMethod.Post, "/k8s/v1/regions/fr-par/clusters", new JsonObject
        {
            ["name"] = "stable",
            ["version"] = "1.35.3",
            ["cni"] = "cilium",
            ["private_network_id"] = network.Object["id"]!.GetValue<string>(),
            ["pools"] = new JsonArray(new JsonObject { ["name"] = "default", ["node_type"] = "DEV1-M", ["size"] = 1 }),
        });
        Assert.Equal(HttpStatusCode.OK, cluster.Status);
        return cluster.Object["id"]!.GetValue<string>();
    }

    public async Task<string> KubeconfigAsync(string clusterId)
    {
        var response = await SendAsync(HttpMethod.Get, $"/k8s/v1/regions/fr-par/clusters/{clusterId}/kubeconfig?dl=1");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Text;
    }

    public void Dispose() => _http.Dispose();
}
