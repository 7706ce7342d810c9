using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Scaleway;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class KapsuleApiTests
{
    private const string K8s = "/k8s/v1/regions/fr-par";

    [Fact]
    public async Task Cluster_without_private_network_is_rejected_with_invalid_arguments()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var response = await server.PostAsync($"{K8s}/clusters", new JsonObject { ["name"] = "c", ["version"] = "1.35.3" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_arguments", response.ErrorType);
        Assert.Equal("private_network_id", response.Object["details"]![0]!["argument_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_with_pool_becomes_ready_while_its_pool_still_scales_then_the_pool_becomes_ready()
    {
        // Cluster ready after ~3.75 s, pool after ~13.5 s: a wide window on a loaded machine.
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.05);
        var cluster = await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync());
        var id = cluster["id"]!.GetValue<string>();

        Assert.Equal("creating", cluster["status"]!.GetValue<string>());
        await server.WaitForStatusAsync($"{K8s}/clusters/{id}", "ready");
        var pool = Assert.Single((await server.GetAsync($"{K8s}/clusters/{id}/pools")).Object["pools"]!.AsArray())!;
        Assert.Equal("scaling", pool["status"]!.GetValue<string>());
        await server.WaitForStatusAsync($"{K8s}/pools/{pool["id"]!.GetValue<string>()}", "ready");
    }

    [Fact]
    public async Task Cluster_without_pools_reports_pool_required_until_a_pool_is_ready()
    {
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.05);
        var id = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync(), withPool: false))["id"]!.GetValue<string>();

        await server.WaitForStatusAsync($"{K8s}/clusters/{id}", "pool_required");
        var pool = await server.PostAsync($"{K8s}/clusters/{id}/pools", new JsonObject { ["name"] = "workers", ["node_type"] = "PRO2-XXS", ["size"] = 2 });
        var whileScaling = await server.GetAsync($"{K8s}/clusters/{id}");
        await server.WaitForStatusAsync($"{K8s}/pools/{pool.Object["id"]!.GetValue<string>()}", "ready");

        Assert.Equal("scaling", pool.Object["status"]!.GetValue<string>());
        Assert.Equal("pro2_xxs", pool.Object["node_type"]!.GetValue<string>());
        Assert.Equal("pool_required", whileScaling.Object["status"]!.GetValue<string>());
        await server.WaitForStatusAsync($"{K8s}/clusters/{id}", "ready");
    }

    [Fact]
    public async Task Kubeconfig_is_a_base64_file_pointing_at_the_registered_api_server_with_the_cluster_token()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();

        var file = (await server.GetAsync($"{K8s}/clusters/{id}/kubeconfig")).Object;
        var yaml = Encoding.UTF8.GetString(Convert.FromBase64String(file["content"]!.GetValue<string>()));

        Assert.Equal("kubeconfig", file["name"]!.GetValue<string>());
        Assert.Equal("application/octet-stream", file["content_type"]!.GetValue<string>());
        Assert.Contains($"server: {RecordingKubernetes.UrlFor(id)}", yaml, StringComparison.Ordinal);
        Assert.Contains($"token: {server.Kubernetes.Registered[id]}", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubeconfig_download_returns_raw_yaml_and_redacted_hides_the_token()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();

        var raw = await server.GetAsync($"{K8s}/clusters/{id}/kubeconfig?dl=1");
        var redacted = (await server.GetAsync($"{K8s}/clusters/{id}/kubeconfig?redacted=true")).Object;

        Assert.StartsWith("apiVersion: v1", raw.Text, StringComparison.Ordinal);
        Assert.Contains("kind: Config", raw.Text, StringComparison.Ordinal);
        Assert.Contains("token: REDACTED_TOKEN", Encoding.UTF8.GetString(Convert.FromBase64String(redacted["content"]!.GetValue<string>())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_pool_nodes_are_pushed_to_the_kubernetes_emulation()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync(), poolSize: 3))["id"]!.GetValue<string>();
        var poolId = (await server.GetAsync($"{K8s}/clusters/{id}/pools")).Object["pools"]![0]!["id"]!.GetValue<string>();

        await server.WaitForStatusAsync($"{K8s}/pools/{poolId}", "ready");
        await server.Server.TickAsync(CancellationToken.None);
        var nodes = (await server.GetAsync($"{K8s}/clusters/{id}/nodes?pool_id={poolId}")).Object;

        Assert.Equal(3, nodes["total_count"]!.GetValue<int>());
        Assert.All(nodes["nodes"]!.AsArray(), node => Assert.Equal("ready", node!["status"]!.GetValue<string>()));
        Assert.Equal(3, server.Kubernetes.Nodes[id].Count);
        Assert.All(server.Kubernetes.Nodes[id], node => Assert.Equal("dev1_m", node.NodeType));
    }

    [Fact]
    public async Task Resizing_a_pool_scales_then_reports_the_new_node_count()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var poolId = (await server.GetAsync($"{K8s}/clusters/{id}/pools")).Object["pools"]![0]!["id"]!.GetValue<string>();
        await server.WaitForStatusAsync($"{K8s}/pools/{poolId}", "ready");

        var patched = await server.PatchAsync($"{K8s}/pools/{poolId}", new JsonObject { ["size"] = 2 });
        await server.WaitForStatusAsync($"{K8s}/pools/{poolId}", "ready");
        var nodes = await server.GetAsync($"{K8s}/clusters/{id}/nodes");

        Assert.Equal("scaling", patched.Object["status"]!.GetValue<string>());
        Assert.Equal(2, nodes.Object["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_a_cluster_answers_200_deleting_then_404_and_removes_it_from_kubernetes()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();

        var deleted = await server.DeleteAsync($"{K8s}/clusters/{id}?with_additional_resources=false");
        var again = await server.DeleteAsync($"{K8s}/clusters/{id}?with_additional_resources=false");
        await server.WaitForNotFoundAsync($"{K8s}/clusters/{id}");
        await server.Server.TickAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("deleting", deleted.Object["status"]!.GetValue<string>());
        Assert.Equal("transient_state", again.ErrorType);
        Assert.Contains(id, server.Kubernetes.Removed);
    }

    [Fact]
    public async Task Deleting_with_additional_resources_removes_the_cluster_load_balancers_and_its_private_network()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var networkId = await server.CreatePrivateNetworkAsync();
        var id = (await server.CreateClusterAsync(networkId))["id"]!.GetValue<string>();
        var lbId = server.Server.LoadBalancers.EnsureForService(id, "coder", "coder", "127.0.0.1");

        await server.DeleteAsync($"{K8s}/clusters/{id}?with_additional_resources=true");
        await server.WaitForNotFoundAsync($"{K8s}/clusters/{id}");
        await server.Server.TickAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync($"/lb/v1/zones/fr-par-1/lbs/{lbId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await server.GetAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}")).Status);
    }

    [Fact]
    public async Task Invalid_pool_update_is_rejected_without_changing_the_pool()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var poolId = (await server.GetAsync($"{K8s}/clusters/{id}/pools")).Object["pools"]![0]!["id"]!.GetValue<string>();

        var response = await server.PatchAsync($"{K8s}/pools/{poolId}", new JsonObject { ["size"] = 3, ["min_size"] = "one" });
        var pool = await server.GetAsync($"{K8s}/pools/{poolId}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(1, pool.Object["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cluster_request_with_duplicate_pool_names_is_rejected_and_creates_nothing()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var networkId = await server.CreatePrivateNetworkAsync();
        var pool = new JsonObject { ["name"] = "default", ["node_type"] = "DEV1-M", ["size"] = 1 };

        var response = await server.PostAsync($"{K8s}/clusters", new JsonObject
        {
            ["name"] = "c", ["version"] = "1.35.3", ["private_network_id"] = networkId, ["pools"] = new JsonArray(pool.DeepClone(), pool.DeepClone()),
        });
        var clusters = await server.GetAsync($"{K8s}/clusters");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(0, clusters.Object["total_count"]!.GetValue<int>());
        Assert.Empty(server.Kubernetes.Registered);
    }

    [Fact]
    public async Task Unknown_kubernetes_version_is_rejected()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var networkId = await server.CreatePrivateNetworkAsync();

        var response = await server.PostAsync($"{K8s}/clusters", new JsonObject { ["name"] = "c", ["version"] = "1.20.0", ["private_network_id"] = networkId });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("version", response.Object["details"]![0]!["argument_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exceeding_the_cluster_quota_gets_403_quotas_exceeded()
    {
        await using var server = await ScalewayTestServer.StartAsync(quotas: new ScalewayQuotas { ClustersPerProject = 1 });
        var networkId = await server.CreatePrivateNetworkAsync();
        await server.CreateClusterAsync(networkId);

        var response = await server.PostAsync($"{K8s}/clusters", new JsonObject { ["name"] = "second", ["version"] = "1.35.3", ["private_network_id"] = networkId });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("quotas_exceeded", response.ErrorType);
        Assert.Equal(1, response.Object["details"]![0]!["quota"]!.GetValue<int>());
    }

    [Fact]
    public async Task Versions_list_holds_the_recorded_versions_without_total_count()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var versions = (await server.GetAsync($"{K8s}/versions")).Object;

        Assert.Null(versions["total_count"]);
        Assert.Contains(versions["versions"]!.AsArray(), version => version!["name"]!.GetValue<string>() == "1.35.3");
    }

    [Fact]
    public async Task Deleting_a_pool_answers_200_deleting_then_404()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateClusterAsync(await server.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
        var poolId = (await server.GetAsync($"{K8s}/clusters/{id}/pools")).Object["pools"]![0]!["id"]!.GetValue<string>();

        var deleted = await server.DeleteAsync($"{K8s}/pools/{poolId}");
        await server.WaitForNotFoundAsync($"{K8s}/pools/{poolId}");
        var gone = await server.GetAsync($"{K8s}/pools/{poolId}");

        Assert.Equal("deleting", deleted.Object["status"]!.GetValue<string>());
        Assert.Equal("pool", gone.Object["resource"]!.GetValue<string>());
    }
}
