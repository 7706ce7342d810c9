using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Postgres;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.Scaleway;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

/// <summary>An emulated Scaleway API on a free loopback port, with a recording Kubernetes double, and a plain HttpClient to call it.</summary>
public sealed class ScalewayTestServer : IAsyncDisposable
{
    public const string Region = "fr-par";

    private ScalewayTestServer(SandboxRuntime runtime, ScalewayServer server, RecordingKubernetes kubernetes, ScalewayIdentity identity)
    {
        Runtime = runtime;
        Server = server;
        Kubernetes = kubernetes;
        Identity = identity;
        Http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(100) };
        Http.DefaultRequestHeaders.Add("X-Auth-Token", identity.SecretKey);
    }

    public SandboxRuntime Runtime { get; }

    public ScalewayServer Server { get; }

    public RecordingKubernetes Kubernetes { get; }

    public ScalewayIdentity Identity { get; }

    public HttpClient Http { get; }

    public string BaseUrl => Server.BaseUrl;

    public static async Task<ScalewayTestServer> StartAsync(double timeScale = 0.01, ISandboxStateStore? state = null,
        ScalewayIdentity? identity = null, ScalewayQuotas? quotas = null, PostgresFleet? postgres = null, RecordingKubernetes? kubernetes = null, SandboxTimings? timings = null)
    {
        var runtime = new SandboxRuntime(state ?? NullStateStore.Instance, timeScale);
        identity ??= ScalewayIdentity.Generate();
        kubernetes ??= new RecordingKubernetes();
        var server = new ScalewayServer(runtime, identity, kubernetes, postgres, NullLoggerFactory.Instance, timings, quotas);
        await server.StartAsync(0, CancellationToken.None);
        return new ScalewayTestServer(runtime, server, kubernetes, identity);
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> PostAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Post, path, body);

    public Task<ApiResponse> PatchAsync(string path, JsonNode body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<ApiResponse> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, contentType);
        }

        return await SendAsync(request);
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Polls a resource until its <c>status</c> is the expected one (generous timeout for a loaded machine).</summary>
    public async Task<JsonObject> WaitForStatusAsync(string path, string expected, double timeoutSeconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await GetAsync(path);
            if (response.Status == HttpStatusCode.OK && response.Json?["status"]?.GetValue<string>() is { } status)
            {
                last = status;
                if (status == expected)
                {
                    return response.Object;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{path} did not reach status {expected} (last: {last ?? "none"})");
    }

    public async Task WaitForNotFoundAsync(string path, double timeoutSeconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if ((await GetAsync(path)).Status == HttpStatusCode.NotFound)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{path} still exists");
    }

    public async Task<string> CreatePrivateNetworkAsync(string name = "pn")
    {
        var response = await PostAsync($"/vpc/v2/regions/{Region}/private-networks", new JsonObject { ["name"] = name });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Object["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> CreateClusterAsync(string privateNetworkId, int poolSize = 1, string name = "cluster", bool withPool = true)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["version"] = "1.35.3",
            ["cni"] = "cilium",
            ["private_network_id"] = privateNetworkId,
            ["tags"] = new JsonArray("managed-by=coder-bootstrap"),
        };
        if (withPool)
        {
            body["pools"] = new JsonArray(new JsonObject { ["name"] = "default", ["node_type"] = "DEV1-M", ["size"] = poolSize });
        }

        var response = await PostAsync($"/k8s/v1/regions/{Region}/clusters", body);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Object;
    }

    public async Task<JsonObject> CreateDatabaseInstanceAsync(string name = "db", string userName = "coder", string password = "Sandb0x!Password", JsonArray? initEndpoints = null)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["engine"] = "PostgreSQL-16",
            ["user_name"] = userName,
            ["password"] = password,
            ["node_type"] = "DB-DEV-S",
            ["tags"] = new JsonArray("managed-by=coder-bootstrap"),
        };
        if (initEndpoints is not null)
        {
            body["init_endpoints"] = initEndpoints;
        }

        var response = await PostAsync($"/rdb/v1/regions/{Region}/instances", body);
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        return response.Object;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
