using System.Text.Json;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Tests.Scaleway;

/// <summary>Readiness rules checked against the status progressions of the recorded lifecycles.</summary>
public sealed class ScalewayReadinessTests
{
    private static IReadOnlyList<RecordedInteraction> Recording(string file) =>
        RecordedInteraction.LoadFile(RepositoryPaths.ScalewayRecordingsDirectory, file);

    private static T Body<T>(RecordedInteraction interaction) =>
        interaction.ResponseBody!.Value.Deserialize<T>(ScalewayApiClient.JsonOptions)!;

    [Fact]
    public void ClusterReportedReadyWhilePoolScalesIsNotReady()
    {
        var recording = Recording("k8s/cluster_private_network_create_wait_ready_pool_ready_delete.json");
        var readyCluster = Body<Cluster>(recording.First(i => i.Method == "GET" && i.Status == 200 && i.ResponseBody!.Value.TryGetProperty("cluster_url", out _)
            && i.ResponseBody.Value.GetProperty("status").GetString() == "ready"));
        var scalingPool = Body<Pool>(recording.First(i => i.Path.Contains("/pools/", StringComparison.Ordinal) && i.ResponseBody?.GetProperty("status").GetString() == "scaling"));
        var readyPool = Body<Pool>(recording.Last(i => i.Path.Contains("/pools/", StringComparison.Ordinal) && i.ResponseBody?.GetProperty("status").GetString() == "ready"));

        Assert.False(ScalewayReadiness.IsClusterReady(readyCluster, [scalingPool]));
        Assert.True(ScalewayReadiness.IsClusterReady(readyCluster, [readyPool]));
    }

    [Fact]
    public void ClusterWaitingForItsFirstPoolIsNotReadyOnceAPoolExists()
    {
        var recording = Recording("k8s/cluster_pool_required_create_pools_delete.json");
        var poolRequired = Body<Cluster>(recording.First(i => i.ResponseBody?.TryGetProperty("status", out var s) == true && s.GetString() == "pool_required"));
        var scalingPool = Body<Pool>(recording.First(i => i.Method == "POST" && i.Path.EndsWith("/pools", StringComparison.Ordinal)));
        Assert.True(ScalewayReadiness.IsClusterReady(poolRequired, []));
        Assert.False(ScalewayReadiness.IsClusterReady(poolRequired, [scalingPool]));
    }

    [Fact]
    public void DatabaseBecomesReadyOnlyAfterProvisioningAndInitializing()
    {
        var statuses = Recording("rdb/instance_private_network_provisioning_initializing_ready_delete.json")
            .Where(i => i.Method == "GET" && i.Status == 200)
            .Select(Body<DatabaseInstance>)
            .ToList();
        var firstReady = statuses.FindIndex(ScalewayReadiness.IsDatabaseReady);
        Assert.True(firstReady > 0);
        Assert.All(statuses.Take(firstReady), s => Assert.Contains(s.Status, new[] { "provisioning", "initializing" }));
        Assert.DoesNotContain(statuses, ScalewayReadiness.HasDatabaseFailed);
    }

    [Fact]
    public void PrivateEndpointIsTheAddressInsideThePrivateNetwork()
    {
        var ready = Recording("rdb/instance_private_network_provisioning_initializing_ready_delete.json")
            .Where(i => i.Method == "GET" && i.Status == 200)
            .Select(Body<DatabaseInstance>)
            .First(ScalewayReadiness.IsDatabaseReady);
        var privateNetworkId = ready.Endpoints!.First(e => e.PrivateNetwork is not null).PrivateNetwork!.PrivateNetworkId;
        Assert.Equal(("172.16.0.3", 5432), ScalewayReadiness.PrivateEndpoint(ready, privateNetworkId));
        Assert.Null(ScalewayReadiness.PrivateEndpoint(ready, "another-network"));
    }

    [Fact]
    public void LockedClusterHasFailed()
    {
        var cluster = new Cluster("c", "n", ClusterStatus.Locked, null, null, null, null, null, null, null, null, null, null, null, null, null, false, null, null, null, null);
        Assert.True(ScalewayReadiness.HasClusterFailed(cluster));
        Assert.False(ScalewayReadiness.IsClusterReady(cluster, []));
    }
}
