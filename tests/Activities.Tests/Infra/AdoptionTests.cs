using System.Net;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Tests.Infra;

/// <summary>Resources made outside the activities (or half made by an older run) are completed, not duplicated.</summary>
public sealed class AdoptionTests : IAsyncLifetime
{
    private InfraSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await InfraSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task AnAdoptedClusterWithoutItsPoolGetsThePoolOfTheSpec()
    {
        var network = await _sandbox.NetworkAsync("staging");
        var spec = _sandbox.Services.Environments.Load("staging");
        var bare = await _sandbox.Services.Scaleway.Kapsule.CreateClusterAsync(
            EnvironmentResourceRequests.Cluster(spec, _sandbox.Host.ProjectId, network.PrivateNetworkId, "1.35") with { Pools = null });
        // A pool cannot be added while the control plane is still being created (409 transient_state, retried by Temporal).
        await WaitForClusterStatusAsync(bare.Id, "pool_required");

        var adopted = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("staging"), network.PrivateNetworkId)));
        var ready = await _sandbox.RunAsync(a => a.WaitForClusterReadyAsync(new WaitForClusterInput(a.Snapshot("staging"), adopted.ClusterId)));

        Assert.Equal((bare.Id, false), (adopted.ClusterId, adopted.Created));
        Assert.Equal(1, _sandbox.Mutations("k8s.pools.create"));
        Assert.Equal(1, _sandbox.Mutations("k8s.clusters.create"));
        Assert.Equal(("gp1_s", 3), (ready.NodeType, ready.NodeCount));
    }

    [Fact]
    public async Task AnInstanceWithoutAPrivateNetworkEndpointIsAttachedBeforeItCountsAsReady()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var spec = _sandbox.Services.Environments.Load("dev");
        var request = EnvironmentResourceRequests.DatabaseInstance(spec, _sandbox.Host.ProjectId, network.PrivateNetworkId, DatabasePasswordGenerator.Generate())
            with { InitEndpoints = null };
        var instance = await _sandbox.Services.Scaleway.Rdb.CreateInstanceAsync(request);

        var ready = await _sandbox.RunAsync(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot("dev"), instance.Id)));

        Assert.Equal(1, _sandbox.Mutations("rdb.endpoints.create"));
        Assert.True(IPNetwork.Parse(network.Cidr).Contains(IPAddress.Parse(ready.Host)), $"{ready.Host} is not in {network.Cidr}");
        var attached = await _sandbox.Services.Scaleway.Rdb.GetInstanceAsync(instance.Id);
        Assert.Contains(attached.Endpoints!, e => e.PrivateNetwork?.PrivateNetworkId == network.PrivateNetworkId);
        Assert.Contains(await _sandbox.Services.Scaleway.Rdb.ListDatabasesAsync(instance.Id), d => d.Name == "coder");
    }

    [Fact]
    public async Task ResourcesOfAnotherEnvironmentWithTheSameNameAreNotAdopted()
    {
        var spec = _sandbox.Services.Environments.Load("dev");
        var foreign = await _sandbox.Services.Scaleway.Vpc.CreatePrivateNetworkAsync(
            EnvironmentResourceRequests.PrivateNetwork(spec, _sandbox.Host.ProjectId) with { Tags = ["managed-by=someone-else"], Subnets = ["10.20.0.0/22"] });

        var network = await _sandbox.NetworkAsync("dev");

        Assert.NotEqual(foreign.Id, network.PrivateNetworkId);
        Assert.Equal(2, _sandbox.Mutations("vpc.private_networks.create"));
    }

    [Fact]
    public async Task TwoTaggedNetworksWithTheEnvironmentNameNeedAHuman()
    {
        var spec = _sandbox.Services.Environments.Load("dev");
        var first = await _sandbox.Services.Scaleway.Vpc.CreatePrivateNetworkAsync(EnvironmentResourceRequests.PrivateNetwork(spec, _sandbox.Host.ProjectId));
        var second = await _sandbox.Services.Scaleway.Vpc.CreatePrivateNetworkAsync(
            EnvironmentResourceRequests.PrivateNetwork(spec, _sandbox.Host.ProjectId) with { Subnets = ["172.16.8.0/22"] });

        var failure = await _sandbox.FailNonRetryableAsync(a => a.EnsurePrivateNetworkAsync("dev"));

        Assert.Equal(CoderBootstrap.Activities.Runtime.ErrorTypes.InvalidConfiguration, failure.ErrorType);
        Assert.Contains(first.Id, failure.Message, StringComparison.Ordinal);
        Assert.Contains(second.Id, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInstanceMadeWithAnotherAdminGetsTheSpecUserWithItsPrivilegesOnce()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var spec = _sandbox.Services.Environments.Load("dev");
        var request = EnvironmentResourceRequests.DatabaseInstance(spec, _sandbox.Host.ProjectId, network.PrivateNetworkId, DatabasePasswordGenerator.Generate())
            with { UserName = "legacy_admin" };
        var instance = await _sandbox.Services.Scaleway.Rdb.CreateInstanceAsync(request);
        await WaitUntilReadyAsync(instance.Id);

        var adopted = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        await _sandbox.RunAsync(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot("dev"), adopted.InstanceId)));
        var mutations = _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;
        await _sandbox.RunAsync(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot("dev"), adopted.InstanceId)));

        var users = await _sandbox.Services.Scaleway.Rdb.ListUsersAsync(instance.Id);
        Assert.Contains(users, u => u.Name == "coder" && !u.IsAdmin);
        Assert.Equal(1, _sandbox.Mutations("rdb.users.create"));
        Assert.Equal(1, _sandbox.Mutations("rdb.privileges.set"));
        Assert.Equal(mutations, _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    private async Task WaitForClusterStatusAsync(string clusterId, string status)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((await _sandbox.Services.Scaleway.Kapsule.GetClusterAsync(clusterId)).Status != status)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"cluster {clusterId} did not reach {status}");
            await Task.Delay(20);
        }
    }

    private async Task WaitUntilReadyAsync(string instanceId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((await _sandbox.Services.Scaleway.Rdb.GetInstanceAsync(instanceId)).Status != "ready")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"instance {instanceId} did not become ready");
            await Task.Delay(20);
        }
    }
}
