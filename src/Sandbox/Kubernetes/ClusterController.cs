using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>Routes every write and delete of a cluster to the emulated controllers that react to it.</summary>
internal sealed class ClusterController : IAsyncDisposable
{
    private readonly KubernetesCluster _cluster;
    private readonly ControllerScheduler _scheduler;
    private readonly DeploymentController _deployments;
    private readonly LoadBalancerController _loadBalancers;
    private readonly VolumeClaimBinder _volumes;
    private readonly StandalonePodController _pods;

    public ClusterController(
        KubernetesCluster cluster,
        ISandboxRuntime runtime,
        ISandboxLoadBalancers loadBalancers,
        ISandboxCoderHosting coder,
        ILogger logger,
        ISandboxBlockVolumes? blockVolumes)
    {
        _cluster = cluster;
        _scheduler = new ControllerScheduler(runtime, logger);
        _loadBalancers = new LoadBalancerController(cluster, _scheduler, loadBalancers, coder, logger);
        _deployments = new DeploymentController(cluster, _scheduler, coder, _loadBalancers.OnCoderDeploymentChanged);
        _volumes = new VolumeClaimBinder(cluster, blockVolumes);
        _pods = new StandalonePodController(cluster, _scheduler);
    }

    public void OnWritten(ResourceKind kind, JsonObject? before, JsonObject after)
    {
        if (kind == ResourceCatalog.Deployments)
        {
            _deployments.OnWritten(after);
        }
        else if (kind == ResourceCatalog.Services)
        {
            _loadBalancers.OnWritten(before, after);
        }
        else if (kind == ResourceCatalog.PersistentVolumeClaims)
        {
            _volumes.OnClaimWritten(after);
            if (JsonFields.GetString(after, "status.phase") == "Bound" && JsonFields.GetString(before ?? [], "status.phase") != "Bound")
            {
                _pods.RetryPending();
            }
        }
        else if (kind == ResourceCatalog.Pods && before is null)
        {
            _pods.OnCreated(after);
        }
        else if (kind == ResourceCatalog.StorageClasses && before is null)
        {
            _volumes.OnStorageClassCreated(after);
        }
        else if (kind == ResourceCatalog.Namespaces && before is null)
        {
            CreateDefaultServiceAccount(JsonFields.Name(after));
        }
    }

    public void OnDeleted(ResourceKind kind, JsonObject removed)
    {
        if (kind == ResourceCatalog.Deployments)
        {
            _deployments.OnDeleted(removed);
        }
        else if (kind == ResourceCatalog.Services)
        {
            _loadBalancers.OnDeleted(removed);
        }
        else if (kind == ResourceCatalog.PersistentVolumeClaims)
        {
            _volumes.OnClaimDeleted(removed);
        }
    }

    public void OnNodesChanged()
    {
        _deployments.ResumeIncompleteRollouts();
        _pods.RetryPending();
    }

    public void ResumeAfterRestore()
    {
        _deployments.ResumeIncompleteRollouts();
        _deployments.AnnounceAvailableCoder();
        _loadBalancers.ResumeAfterRestore();
        _pods.RetryPending();
    }

    public ValueTask DisposeAsync() => _scheduler.DisposeAsync();

    private void CreateDefaultServiceAccount(string ns)
    {
        if (_cluster.Store.Find(ResourceCatalog.ServiceAccounts, ns, "default") is null)
        {
            _cluster.ControllerWrite(ResourceCatalog.ServiceAccounts, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns },
            });
        }
    }
}
