using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Emulates the scheduler and kubelet for pods created directly (no owner): after a scaled delay a pod
/// runs on a Ready node, provided every claim it mounts is bound; otherwise it is marked
/// <c>Unschedulable</c> and retried when nodes appear or a claim binds.
/// </summary>
internal sealed class StandalonePodController(KubernetesCluster cluster, ControllerScheduler scheduler)
{
    /// <summary>Scheduling, image pull and start of a small pod.</summary>
    public static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(10);

    private readonly HashSet<string> _scheduled = [];

    public void OnCreated(JsonObject pod)
    {
        if (IsStandalonePending(pod))
        {
            Schedule(pod, StartDelay);
        }
    }

    /// <summary>Retries every standalone pod still pending (nodes changed, a claim bound, or the sandbox restarted).</summary>
    public void RetryPending()
    {
        foreach (var pod in cluster.Store.List(ResourceCatalog.Pods, null).Where(IsStandalonePending))
        {
            Schedule(pod, TimeSpan.Zero);
        }
    }

    private static bool IsStandalonePending(JsonObject pod) =>
        (pod["metadata"]?["ownerReferences"] as JsonArray ?? []).Count == 0
        && JsonFields.GetString(pod, "status.phase") is null or "Pending";

    private void Schedule(JsonObject pod, TimeSpan delay)
    {
        var ns = JsonFields.Namespace(pod);
        var name = JsonFields.Name(pod);
        var uid = JsonFields.GetString(pod, "metadata.uid") ?? "";
        if (!_scheduled.Add(uid))
        {
            return;
        }

        scheduler.After(delay, $"start of pod {ns}/{name}", _ =>
        {
            lock (cluster.Sync)
            {
                _scheduled.Remove(uid);
                Start(ns, name, uid);
            }

            return Task.CompletedTask;
        });
    }

    private void Start(string ns, string name, string uid)
    {
        var pod = cluster.Store.Find(ResourceCatalog.Pods, ns, name);
        if (pod is null || JsonFields.GetString(pod, "metadata.uid") != uid || !IsStandalonePending(pod))
        {
            return;
        }

        var now = cluster.Now();
        var nodes = cluster.Store.List(ResourceCatalog.Nodes, null).Where(NodeFactory.IsReady).ToList();
        var unboundClaims = (pod["spec"]?["volumes"] as JsonArray ?? [])
            .Select(volume => volume?["persistentVolumeClaim"]?["claimName"]?.ToString())
            .OfType<string>()
            .Where(claim => JsonFields.GetString(cluster.Store.Find(ResourceCatalog.PersistentVolumeClaims, ns, claim) ?? [], "status.phase") != "Bound")
            .ToList();
        if (nodes.Count == 0 || unboundClaims.Count > 0)
        {
            var message = nodes.Count == 0
                ? "0/0 nodes are available: no nodes available to schedule pods."
                : $"0/{nodes.Count} nodes are available: pod has unbound immediate PersistentVolumeClaims.";
            if (pod["status"]?["conditions"]?[0]?["message"]?.ToString() != message)
            {
                cluster.ControllerWrite(ResourceCatalog.Pods, PodStates.Unschedulable(pod, message, now));
            }

            return;
        }

        var node = pod["spec"]?["nodeName"]?.ToString() is { Length: > 0 } pinned && nodes.FirstOrDefault(candidate => JsonFields.Name(candidate) == pinned) is { } chosen
            ? chosen
            : nodes[(int)(StableHash.Fnv1a(name) % (uint)nodes.Count)];
        cluster.ControllerWrite(ResourceCatalog.Pods, PodStates.Running(pod, node, now));
    }
}
