using System.Net;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.Scaleway;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "sandbox-persistence-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Resources_survive_a_restart_and_keep_progressing()
    {
        var identity = ScalewayIdentity.Generate();
        string clusterId, instanceId, networkId;
        await using (var first = await ScalewayTestServer.StartAsync(timeScale: 0.05, state: new JsonFileStateStore(_stateDirectory), identity: identity))
        {
            networkId = await first.CreatePrivateNetworkAsync("kept");
            clusterId = (await first.CreateClusterAsync(networkId))["id"]!.GetValue<string>();
            instanceId = (await first.CreateDatabaseInstanceAsync())["id"]!.GetValue<string>();
        }

        var kubernetes = new RecordingKubernetes();
        await using var second = await ScalewayTestServer.StartAsync(timeScale: 0.05, state: new JsonFileStateStore(_stateDirectory), identity: identity, kubernetes: kubernetes);

        Assert.Equal("kept", (await second.GetAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}")).Object["name"]!.GetValue<string>());
        await second.WaitForStatusAsync($"/k8s/v1/regions/fr-par/clusters/{clusterId}", "ready");
        await second.WaitForStatusAsync($"/rdb/v1/regions/fr-par/instances/{instanceId}", "ready");
        Assert.True(kubernetes.Registered.ContainsKey(clusterId), "the restarted sandbox registers the cluster again");
    }

    [Fact]
    public async Task Deletion_started_before_a_restart_completes_after_it()
    {
        var identity = ScalewayIdentity.Generate();
        string clusterId;
        await using (var first = await ScalewayTestServer.StartAsync(timeScale: 0.05, state: new JsonFileStateStore(_stateDirectory), identity: identity))
        {
            clusterId = (await first.CreateClusterAsync(await first.CreatePrivateNetworkAsync()))["id"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await first.DeleteAsync($"/k8s/v1/regions/fr-par/clusters/{clusterId}?with_additional_resources=false")).Status);
        }

        await using var second = await ScalewayTestServer.StartAsync(timeScale: 0.05, state: new JsonFileStateStore(_stateDirectory), identity: identity);

        await second.WaitForNotFoundAsync($"/k8s/v1/regions/fr-par/clusters/{clusterId}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }
}
