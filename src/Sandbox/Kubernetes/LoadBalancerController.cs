using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Emulates Kapsule's cloud controller for <c>LoadBalancer</c> services: after a scaled delay it creates the
/// Scaleway LB through <see cref="ISandboxLoadBalancers"/> and publishes <c>status.loadBalancer.ingress</c>.
/// A service that selects the Coder deployment is published as <c>127.0.0.1</c> with the port of the
/// emulated Coder server.
/// </summary>
internal sealed class LoadBalancerController(
    KubernetesCluster cluster,
    ControllerScheduler scheduler,
    ISandboxLoadBalancers loadBalancers,
    ISandboxCoderHosting coder,
    ILogger logger)
{
    /// <summary>Time for a Kapsule LoadBalancer service to get its address (from the recordings).</summary>
    public static readonly TimeSpan ProvisioningDelay = TimeSpan.FromSeconds(4);

    public const string LoadBalancerIdAnnotation = "service.beta.kubernetes.io/scw-loadbalancer-id";

    public const string CoderAddress = "127.0.0.1";

    private readonly HashSet<string> _scheduled = [];

    public static bool IsLoadBalancer(JsonObject? service) => service?["spec"]?["type"]?.ToString() == "LoadBalancer";

    public void OnWritten(JsonObject? before, JsonObject service)
    {
        if (IsLoadBalancer(before) && !IsLoadBalancer(service))
        {
            Release(before!);
            var cleared = (JsonObject)service.DeepClone();
            cleared["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
            JsonFields.ChildObject(JsonFields.Metadata(cleared), "annotations").Remove(LoadBalancerIdAnnotation);
            cluster.ControllerWrite(ResourceCatalog.Services, cleared);
            return;
        }

        if (IsLoadBalancer(service) && Ingress(service) is null)
        {
            Schedule(service, ProvisioningDelay);
        }
    }

    public void OnDeleted(JsonObject service)
    {
        if (IsLoadBalancer(service))
        {
            Release(service);
        }
    }

    /// <summary>Re-provisions load balancer services of a namespace whose Coder targeting no longer matches their ingress.</summary>
    public void OnCoderDeploymentChanged(string ns)
    {
        foreach (var service in cluster.Store.List(ResourceCatalog.Services, ns).Where(IsLoadBalancer))
        {
            var ingress = Ingress(service);
            if (ingress is not null && IsCoderIngress(ingress) != (FindCoderTarget(service) is not null))
            {
                Schedule(service, TimeSpan.Zero);
            }
        }
    }

    /// <summary>After a restart: provision what was pending, and re-publish Coder services (the Coder server has a new port).</summary>
    public void ResumeAfterRestore()
    {
        foreach (var service in cluster.Store.List(ResourceCatalog.Services, null).Where(IsLoadBalancer))
        {
            var ingress = Ingress(service);
            if (ingress is null)
            {
                Schedule(service, ProvisioningDelay);
            }
            else if (IsCoderIngress(ingress) || FindCoderTarget(service) is not null)
            {
                Schedule(service, TimeSpan.Zero);
            }
        }
    }

    private static JsonObject? Ingress(JsonObject service) =>
        (service["status"]?["loadBalancer"]?["ingress"] as JsonArray)?.FirstOrDefault() as JsonObject;

    private static bool IsCoderIngress(JsonObject ingress) => ingress["ip"]?.ToString() == CoderAddress;

    private JsonObject? FindCoderTarget(JsonObject service)
    {
        var selector = service["spec"]?["selector"] as JsonObject;
        if (selector is null || selector.Count == 0)
        {
            return null;
        }

        var matcher = LabelSelector.FromSelectorObject(selector);
        return cluster.Store.List(ResourceCatalog.Deployments, JsonFields.Namespace(service))
            .FirstOrDefault(deployment => DeploymentController.IsCoder(deployment)
                && matcher.Matches(deployment["spec"]?["template"]?["metadata"]?["labels"] as JsonObject));
    }

    private void Schedule(JsonObject service, TimeSpan delay)
    {
        var ns = JsonFields.Namespace(service);
        var name = JsonFields.Name(service);
        var uid = JsonFields.GetString(service, "metadata.uid") ?? "";
        if (!_scheduled.Add(uid))
        {
            return;
        }

        scheduler.After(delay, $"load balancer of service {ns}/{name}", token => ProvisionAsync(ns, name, uid, token));
    }

    private async Task ProvisionAsync(string ns, string name, string uid, CancellationToken cancellationToken)
    {
        bool targetsCoder;
        lock (cluster.Sync)
        {
            _scheduled.Remove(uid);
            var service = cluster.Store.Find(ResourceCatalog.Services, ns, name);
            if (service is null || JsonFields.GetString(service, "metadata.uid") != uid || !IsLoadBalancer(service))
            {
                return;
            }

            targetsCoder = FindCoderTarget(service) is not null;
        }

        int? coderPort = targetsCoder ? await coder.EnsureServerAsync(cluster.Id, cancellationToken) : null;
        var address = targetsCoder ? CoderAddress : StableHash.Address("51.159", uid);
        var loadBalancerId = loadBalancers.EnsureForService(cluster.Id, ns, name, address);

        lock (cluster.Sync)
        {
            var stored = cluster.Store.Find(ResourceCatalog.Services, ns, name);
            if (stored is null || JsonFields.GetString(stored, "metadata.uid") != uid || !IsLoadBalancer(stored))
            {
                return;
            }

            var service = (JsonObject)stored.DeepClone();
            var ingress = new JsonObject { ["ip"] = address };
            if (coderPort is { } port)
            {
                ingress["ports"] = new JsonArray(new JsonObject { ["port"] = port, ["protocol"] = "TCP" });
            }
            else
            {
                ingress["ipMode"] = "VIP";
            }

            service["status"] = new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(ingress) } };
            JsonFields.ChildObject(JsonFields.Metadata(service), "annotations")[LoadBalancerIdAnnotation] = loadBalancerId;
            cluster.ControllerWrite(ResourceCatalog.Services, service);
            logger.LogInformation("Service {Namespace}/{Name} of cluster {ClusterId} exposed at {Address}", ns, name, cluster.Id, address);
        }
    }

    private void Release(JsonObject service)
    {
        var ns = JsonFields.Namespace(service);
        var name = JsonFields.Name(service);
        loadBalancers.RemoveForService(cluster.Id, ns, name);
        if (Ingress(service) is { } ingress && IsCoderIngress(ingress))
        {
            scheduler.After(TimeSpan.Zero, $"stop Coder server of cluster {cluster.Id}", _ => coder.StopServerAsync(cluster.Id));
        }
    }
}
