using System.Net;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using k8s;
using k8s.Autorest;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>
/// Makes sure Coder is gone from a cluster: its workspaces' pods and volumes, then its namespace —
/// with its LoadBalancer Service, so the cluster's cloud controller removes the Scaleway load
/// balancer (deleting the LB through its API would only make the controller recreate it) — and
/// waits until that load balancer is gone too.
/// </summary>
public sealed class CoderTeardownActivities(ScalewayAccess scaleway, ClusterAccess clusters, TimeSpan pollInterval, Serilog.ILogger log)
{
    /// <summary>The label Coder puts on the Kubernetes objects of workspaces.</summary>
    public const string WorkspaceSelector = "com.coder.resource=true";

    private readonly Serilog.ILogger _log = log.ForContext<CoderTeardownActivities>();

    [Activity]
    public async Task<CoderRemoved> RemoveCoderAsync(CoderTeardownInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Snapshot.Spec;
        scaleway.For(spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var ns = spec.Coder.Namespace;
        if (!await ClusterExistsAsync(input.ClusterId, cancellationToken).ConfigureAwait(false))
        {
            _log.Information("Cluster {ClusterId} of {Environment} is gone: nothing of Coder is left on it", input.ClusterId, input.Environment);
            return new CoderRemoved(ns, false, 0, 0, []);
        }

        using var client = await clusters.ConnectAsync(input.Environment, input.ClusterId, cancellationToken).ConfigureAwait(false);
        var present = await NamespaceExistsAsync(client, ns, cancellationToken).ConfigureAwait(false);
        var (pods, volumes) = (0, 0);
        if (present)
        {
            var workspacePods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: WorkspaceSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
            pods = workspacePods.Items.Count;
            if (pods > 0)
            {
                await client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: WorkspaceSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            var claims = await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            volumes = claims.Items.Count;
            if (volumes > 0)
            {
                await client.CoreV1.DeleteCollectionNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            await IgnoreNotFoundAsync(() => client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            _log.Information("Deleting namespace {Namespace} of {Environment}: {Pods} workspace pods, {Volumes} volumes", ns, input.Environment, pods, volumes);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return await ActivityRun.PollAsync(pollInterval, async ct =>
        {
            var namespaceLeft = await NamespaceExistsAsync(client, ns, ct).ConfigureAwait(false);
            var balancers = await CallGuard.ScalewayAsync("list load balancers", () => scaleway.Api.Lb.ListLoadBalancersAsync(cancellationToken: ct)).ConfigureAwait(false);
            var left = balancers.Where(lb => lb.Name.StartsWith(input.ClusterId, StringComparison.Ordinal)).ToList();
            seen.UnionWith(left.Select(lb => lb.Id));
            if (!namespaceLeft && left.Count == 0)
            {
                _log.Information("Coder is gone from cluster {ClusterId} of {Environment} ({LoadBalancers} load balancers removed)", input.ClusterId, input.Environment, seen.Count);
                return Poll<CoderRemoved>.Finished(new CoderRemoved(ns, present, pods, volumes, seen.Order(StringComparer.Ordinal).ToList()));
            }
            return Poll<CoderRemoved>.Pending($"namespace {(namespaceLeft ? "terminating" : "gone")}, {left.Count} load balancers left");
        }).ConfigureAwait(false);
    }

    private async Task<bool> ClusterExistsAsync(string clusterId, CancellationToken cancellationToken)
    {
        try
        {
            var cluster = await scaleway.Api.Kapsule.GetClusterAsync(clusterId, cancellationToken).ConfigureAwait(false);
            return cluster.Status != ClusterStatus.Deleting;
        }
        catch (ScalewayApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    private static async Task<bool> NamespaceExistsAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task IgnoreNotFoundAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }
}
