using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Sandbox.Runtime;
using ScalewayQuotas = CoderBootstrap.Sandbox.Scaleway.ScalewayQuotas;
using Temporalio.Converters;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Infra;

public sealed class ClusterTests : IAsyncLifetime
{
    private InfraSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await InfraSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task EnsureClusterCreatesTheClusterWithItsPoolInOneCallOnThePrivateNetwork()
    {
        var network = await _sandbox.NetworkAsync("dev");

        var result = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.True(result.Created);
        var cluster = await _sandbox.Services.Scaleway.Kapsule.GetClusterAsync(result.ClusterId);
        Assert.Equal("coder-dev", cluster.Name);
        Assert.Equal(network.PrivateNetworkId, cluster.PrivateNetworkId);
        Assert.Equal("cilium", cluster.Cni);
        Assert.StartsWith("1.35.", cluster.Version, StringComparison.Ordinal);
        Assert.Equal(["managed-by=coder-bootstrap", "env=dev"], cluster.Tags);
        var pool = await _sandbox.Services.Scaleway.Kapsule.GetPoolAsync(result.PoolId);
        Assert.Equal(("default", true, 2, 3, true), (pool.Name, pool.Autoscaling, pool.MinSize ?? 0, pool.MaxSize ?? 0, pool.Autohealing));
        Assert.Equal(1, _sandbox.Mutations("k8s.clusters.create"));
        Assert.Equal(0, _sandbox.Mutations("k8s.pools.create"));
    }

    [Theory]
    [InlineData("dev", "GP1-XS", 2)]
    [InlineData("staging", "GP1-S", 3)]
    [InlineData("prod", "GP1-M", 5)]
    public async Task EachEnvironmentGetsItsNodeTypeAndCount(string environment, string nodeType, int nodes)
    {
        var (_, ready) = await _sandbox.ReadyClusterAsync(environment);

        Assert.Equal($"coder-{environment}", ready.Name);
        // The API answers node types in its normalised form (GP1-XS becomes gp1_xs).
        Assert.Equal(nodeType.Replace('-', '_').ToLowerInvariant(), ready.NodeType);
        Assert.Equal(nodes, ready.NodeCount);
        Assert.Equal(nodes, (await _sandbox.Services.Scaleway.Kapsule.ListNodesAsync(ready.ClusterId)).Count);
        Assert.NotNull(ready.ApiServerUrl);
    }

    [Fact]
    public async Task EnsureClusterTwiceAdoptsTheClusterAndCreatesNothing()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var first = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var mutations = _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;

        var second = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.Equal(first with { Created = false }, second);
        Assert.Equal(mutations, _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    [Fact]
    public async Task ATransientCreateFailureIsRetryableAndTheNextCallCreatesExactlyOneCluster()
    {
        var network = await _sandbox.NetworkAsync("dev");
        _sandbox.Runtime.SetFault(new SandboxFaultRule { Operation = "k8s.clusters.create", Status = 500, Message = "internal error", Count = 1 });

        var transient = await Assert.ThrowsAsync<ScalewayApiException>(
            () => _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId))));
        Assert.True(transient.IsRetryable);
        var result = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.True(result.Created);
        Assert.Equal(1, _sandbox.SuccessfulMutations("k8s.clusters.create"));
        Assert.Equal(2, _sandbox.Mutations("k8s.clusters.create"));
        Assert.Single(await _sandbox.Services.Scaleway.Kapsule.ListClustersAsync());
    }

    [Fact]
    public async Task AnInjectedQuotaErrorFailsForGoodWithTheApiMessage()
    {
        var network = await _sandbox.NetworkAsync("dev");
        _sandbox.Runtime.SetFault(new SandboxFaultRule
        {
            Operation = "k8s.clusters.create",
            Status = 403,
            Type = "quotas_exceeded",
            Message = "Quota exceeded for k8s_clusters: 10 of 10 used",
        });

        var failure = await _sandbox.FailNonRetryableAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.Equal(ErrorTypes.QuotaExceeded, failure.ErrorType);
        Assert.Contains("Quota exceeded for k8s_clusters: 10 of 10 used", failure.Message, StringComparison.Ordinal);
        Assert.Contains("coder-dev", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, _sandbox.Mutations("k8s.clusters.create"));
    }

    [Fact]
    public async Task TheProjectClusterQuotaFailsForGoodWithTheExceededQuotaInTheMessage()
    {
        await using var limited = await InfraSandbox.StartAsync(new ScalewayQuotas { ClustersPerProject = 0 });
        var network = await limited.NetworkAsync("dev");

        var failure = await limited.FailNonRetryableAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.Equal(ErrorTypes.QuotaExceeded, failure.ErrorType);
        Assert.Contains("k8s_clusters", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task AnAdoptedClusterOnAnotherPrivateNetworkFailsForGood()
    {
        var network = await _sandbox.NetworkAsync("dev");
        await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var other = await _sandbox.NetworkAsync("staging");

        var failure = await _sandbox.FailNonRetryableAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), other.PrivateNetworkId)));

        Assert.Equal(ErrorTypes.InvalidConfiguration, failure.ErrorType);
        Assert.Contains(network.PrivateNetworkId, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForClusterReadyHeartbeatsItsProgressUntilTheNodesAreReady()
    {
        // Slower than the default scale so that a loaded machine still polls before the pool is ready.
        _sandbox.Runtime.TimeScale = 0.01;
        var network = await _sandbox.NetworkAsync("dev");
        var cluster = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var heartbeats = new List<ClusterWaitProgress>();
        var environment = new ActivityEnvironment { Heartbeater = details => heartbeats.Add((ClusterWaitProgress)details[0]!) };

        var ready = await _sandbox.RunAsync(a => a.WaitForClusterReadyAsync(new WaitForClusterInput(a.Snapshot("dev"), cluster.ClusterId)), environment);

        Assert.True(heartbeats.Count >= 1, $"expected a heartbeat per poll while the pool scales, got {heartbeats.Count}");
        Assert.Equal(Enumerable.Range(1, heartbeats.Count), heartbeats.Select(h => h.Polls));
        Assert.Contains(heartbeats, h => h.PoolStatus != "ready");
        Assert.All(heartbeats, h => Assert.False(h is { ClusterStatus: "ready", PoolStatus: "ready", NodesReady: 2 }, "the ready poll is the activity's last act and is not heartbeated"));
        Assert.Equal((cluster.ClusterId, cluster.PoolId), (ready.ClusterId, ready.PoolId));
    }

    [Fact]
    public async Task WaitForClusterReadyResumesFromTheHeartbeatOfAPreviousAttempt()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var cluster = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        var previous = new ClusterWaitProgress(cluster.ClusterId, startedAt, 7, "creating", "scaling", 0, 0, startedAt.AddMinutes(2));
        var heartbeats = new List<ClusterWaitProgress>();
        var environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with { HeartbeatDetails = [DataConverter.Default.PayloadConverter.ToPayload(previous)] },
            Heartbeater = details => heartbeats.Add((ClusterWaitProgress)details[0]!),
        };

        await _sandbox.RunAsync(a => a.WaitForClusterReadyAsync(new WaitForClusterInput(a.Snapshot("dev"), cluster.ClusterId)), environment);

        Assert.Equal(8, heartbeats[0].Polls);
        Assert.All(heartbeats, h => Assert.Equal(startedAt, h.StartedAt));
        Assert.Contains(_sandbox.Log.Lines, l => l.Contains("Resuming the wait for cluster", StringComparison.Ordinal) && l.Contains("7 polls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForClusterReadyStopsForGoodWhenTheClusterIsLocked()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var cluster = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        _sandbox.ScalewayHandler.Arm(ClusterStatus.Locked);

        var failure = await _sandbox.FailNonRetryableAsync(a => a.WaitForClusterReadyAsync(new WaitForClusterInput(a.Snapshot("dev"), cluster.ClusterId)));

        Assert.Equal(ErrorTypes.ResourceFailed, failure.ErrorType);
        Assert.Contains($"{cluster.ClusterId}) is locked", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForClusterReadyHonoursCancellation()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var cluster = await _sandbox.RunAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var environment = new ActivityEnvironment();
        environment.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _sandbox.RunAsync(a => a.WaitForClusterReadyAsync(new WaitForClusterInput(a.Snapshot("dev"), cluster.ClusterId)), environment));
    }
}
