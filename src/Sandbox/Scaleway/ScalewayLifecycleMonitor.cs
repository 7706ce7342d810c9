using CoderBootstrap.Sandbox.Core;
using CoderBootstrap.Sandbox.Scaleway.Model;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// Applies what the passing of time implies beyond status strings: removes resources whose deletion
/// finished (with the cluster's additional resources, real databases and Kubernetes API server),
/// and keeps each sandbox cluster's Kubernetes nodes in step with its ready pool nodes.
/// </summary>
public sealed class ScalewayLifecycleMonitor : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly ScalewayStore _store;
    private readonly KapsuleApi _kapsule;
    private readonly RdbApi _rdb;
    private readonly LoadBalancerApi? _loadBalancers;
    private readonly ISandboxKubernetes _kubernetes;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _pushedNodes = new(StringComparer.Ordinal);
    private readonly List<LoadBalancerRecord> _recreate = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _tickGate = new(1, 1);
    private Task? _loop;

    public ScalewayLifecycleMonitor(ScalewayStore store, KapsuleApi kapsule, RdbApi rdb, ISandboxKubernetes kubernetes, ILogger logger, LoadBalancerApi? loadBalancers = null)
    {
        _loadBalancers = loadBalancers;
        _store = store;
        _kapsule = kapsule;
        _rdb = rdb;
        _kubernetes = kubernetes;
        _logger = logger;
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _tickGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await TickCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _tickGate.Release();
        }
    }

    /// <summary>Forgets what was pushed to the Kubernetes emulation (after a reset wiped every resource).</summary>
    public void ForgetPushedNodes()
    {
        lock (_pushedNodes)
        {
            foreach (var clusterId in _pushedNodes.Keys.ToList())
            {
                _kubernetes.RemoveCluster(clusterId);
                _kapsule.Forget(clusterId);
            }

            _pushedNodes.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
        _tickGate.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await TickAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogError(exception, "Sandbox lifecycle tick failed");
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task TickCoreAsync(CancellationToken cancellationToken)
    {
        var now = _store.Now;
        var due = _store.Read(state =>
            state.Clusters.Any(c => c.GoneAt <= now) || state.Pools.Any(p => p.GoneAt <= now)
            || state.RdbInstances.Any(i => i.GoneAt <= now) || state.LoadBalancers.Any(lb => lb.GoneAt <= now)
            || state.BlockVolumes.Any(v => v.GoneAt <= now));
        var removedClusters = new List<ClusterRecord>();
        var removedInstances = new List<RdbInstanceRecord>();
        var liveInstances = new List<RdbInstanceRecord>();
        if (due)
        {
            _store.Write(state => Purge(state, now, removedClusters, removedInstances, liveInstances));
            _store.Write(state => ReleaseNetworksAndRecreateLoadBalancers(state, now, removedClusters, removedInstances));
        }

        foreach (var cluster in removedClusters)
        {
            lock (_pushedNodes)
            {
                _pushedNodes.Remove(cluster.Id);
            }

            _kapsule.Forget(cluster.Id);
            _kubernetes.RemoveCluster(cluster.Id);
        }

        foreach (var instance in removedInstances)
        {
            await _rdb.ReleaseAsync(instance, liveInstances, cancellationToken).ConfigureAwait(false);
        }

        SyncNodes(now);
    }

    private void Purge(ScalewayState state, DateTimeOffset now, List<ClusterRecord> removedClusters, List<RdbInstanceRecord> removedInstances, List<RdbInstanceRecord> liveInstances)
    {
        removedClusters.AddRange(state.Clusters.Where(c => c.GoneAt <= now));
        state.Clusters.RemoveAll(c => c.GoneAt <= now);
        state.Pools.RemoveAll(p => p.GoneAt <= now || removedClusters.Any(c => c.Id == p.ClusterId));
        state.BlockVolumes.RemoveAll(v => v.GoneAt <= now);
        foreach (var cluster in removedClusters.Where(c => !c.DeleteAdditionalResources))
        {
            BlockVolumeApi.DetachFromCluster(state, cluster.Id, now);
        }
        foreach (var cluster in removedClusters.Where(c => c.DeleteAdditionalResources))
        {
            // As Kapsule does: its volumes (retained ones too), load balancers named after the cluster and its private network when nothing else uses it.
            BlockVolumeApi.RemoveWithCluster(state, cluster.Id);
            state.LoadBalancers.RemoveAll(lb => lb.Name.StartsWith(cluster.Id, StringComparison.Ordinal));
            var networkInUse = state.Clusters.Any(c => c.PrivateNetworkId == cluster.PrivateNetworkId)
                || state.RdbInstances.Any(i => i.Endpoints.Any(e => e.PrivateNetworkId == cluster.PrivateNetworkId));
            if (!networkInUse)
            {
                state.PrivateNetworks.RemoveAll(pn => pn.Id == cluster.PrivateNetworkId);
            }
        }

        removedInstances.AddRange(state.RdbInstances.Where(i => i.GoneAt <= now));
        state.RdbInstances.RemoveAll(i => i.GoneAt <= now);
        liveInstances.AddRange(state.RdbInstances);
        _recreate.AddRange(state.LoadBalancers.Where(lb => lb.GoneAt <= now && lb.RecreateWhenGone));
        state.LoadBalancers.RemoveAll(lb => lb.GoneAt <= now);
    }

    /// <summary>
    /// Networks that clusters or databases just left keep refusing deletion for a while; load
    /// balancers deleted under a Service that still exists come back (the cloud controller's doing).
    /// </summary>
    private void ReleaseNetworksAndRecreateLoadBalancers(ScalewayState state, DateTimeOffset now, List<ClusterRecord> removedClusters, List<RdbInstanceRecord> removedInstances)
    {
        // The window counts from the moment the resource was gone, not from this tick: a monitor that
        // runs late on a loaded machine must not stretch it.
        var left = removedClusters.Select(c => (NetworkId: (string?)c.PrivateNetworkId, c.GoneAt))
            .Concat(removedInstances.SelectMany(i => i.Endpoints.Select(e => (NetworkId: e.PrivateNetworkId, i.GoneAt))));
        foreach (var (networkId, goneAt) in left)
        {
            var network = state.PrivateNetworks.FirstOrDefault(pn => pn.Id == networkId);
            if (network is not null && goneAt is { } gone)
            {
                var releasedAt = gone + _store.Scaled(_store.Timings.PrivateNetworkRelease);
                network.ReleasingUntil = network.ReleasingUntil > releasedAt ? network.ReleasingUntil : releasedAt;
            }
        }
        if (_loadBalancers is null)
        {
            return;
        }
        var recreated = _recreate.Where(lb => state.Clusters.Any(c => c.Id == lb.ClusterId && c.DeletingSince is null)).Select(_loadBalancers.Recreate).ToList();
        _recreate.Clear();
        state.LoadBalancers.AddRange(recreated);
    }

    private void SyncNodes(DateTimeOffset now)
    {
        var desired = _store.Read(state => state.Clusters
            .Where(cluster => ResourceStatus.Cluster(cluster, state.Pools, now) is not null)
            .Select(cluster => (Cluster: cluster, Nodes: state.Pools
                .Where(pool => pool.ClusterId == cluster.Id && pool.DeletingSince is null)
                .SelectMany(pool => pool.Nodes.Where(node => node.ReadyAt <= now)
                    .Select(node => new SandboxNode(node.Name, pool.Name, pool.NodeType, $"scaleway://instance/{pool.Zone}/{node.InstanceId}")))
                .ToList()))
            .ToList());
        foreach (var (cluster, nodes) in desired)
        {
            var signature = string.Join('|', nodes.Select(node => node.Name));
            lock (_pushedNodes)
            {
                if (_pushedNodes.TryGetValue(cluster.Id, out var pushed) && pushed == signature)
                {
                    continue;
                }

                _pushedNodes[cluster.Id] = signature;
            }

            try
            {
                _kapsule.ServerUrl(cluster);
                _kubernetes.SetNodes(cluster.Id, nodes);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                lock (_pushedNodes)
                {
                    _pushedNodes.Remove(cluster.Id);
                }

                _logger.LogWarning(exception, "Could not update the Kubernetes nodes of cluster {ClusterId}", cluster.Id);
            }
        }
    }
}
