using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Emulates the deployment and replica set controllers and the kubelet: a new generation creates a
/// replica set and pending pods at once and becomes available after a scaled delay when the cluster
/// has Ready nodes. It also hands the Coder deployment's availability to <see cref="ISandboxCoderHosting"/>.
/// </summary>
internal sealed class DeploymentController(
    KubernetesCluster cluster,
    ControllerScheduler scheduler,
    ISandboxCoderHosting coder,
    Action<string> coderDeploymentChanged)
{
    /// <summary>Image pull and readiness of a small deployment on Kapsule.</summary>
    public static readonly TimeSpan RolloutDelay = TimeSpan.FromSeconds(20);

    public const string CoderImagePrefix = "ghcr.io/coder/coder";

    private readonly HashSet<string> _scheduled = [];

    public static bool IsCoder(JsonObject deployment) => CoderContainer(deployment) is not null;

    public static JsonObject? CoderContainer(JsonObject deployment) =>
        (deployment["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(container => container["image"]?.ToString()?.StartsWith(CoderImagePrefix, StringComparison.Ordinal) == true);

    public void OnWritten(JsonObject deployment)
    {
        if (JsonFields.GetLong(deployment, "status.observedGeneration") != JsonFields.Generation(deployment))
        {
            StartRollout(deployment);
        }
    }

    public void OnDeleted(JsonObject deployment)
    {
        var ns = JsonFields.Namespace(deployment);
        var uid = JsonFields.GetString(deployment, "metadata.uid");
        foreach (var replicaSet in OwnedBy(ResourceCatalog.ReplicaSets, ns, uid))
        {
            foreach (var pod in OwnedBy(ResourceCatalog.Pods, ns, JsonFields.GetString(replicaSet, "metadata.uid")))
            {
                cluster.DeleteStored(ResourceCatalog.Pods, ns, JsonFields.Name(pod));
            }

            cluster.DeleteStored(ResourceCatalog.ReplicaSets, ns, JsonFields.Name(replicaSet));
        }

        if (IsCoder(deployment))
        {
            coder.SetBackendAvailable(cluster.Id, false, new Dictionary<string, string>());
        }
    }

    /// <summary>Schedules completion again for every rollout that is not complete (nodes appeared, or the sandbox restarted).</summary>
    public void ResumeIncompleteRollouts()
    {
        foreach (var deployment in cluster.Store.List(ResourceCatalog.Deployments, null))
        {
            if (!IsComplete(deployment))
            {
                ScheduleCompletion(deployment, TimeSpan.Zero);
            }
        }
    }

    /// <summary>Re-announces available Coder deployments to a freshly started Coder hosting after a restart.</summary>
    public void AnnounceAvailableCoder()
    {
        foreach (var deployment in cluster.Store.List(ResourceCatalog.Deployments, null))
        {
            if (IsCoder(deployment) && IsComplete(deployment) && Replicas(deployment) > 0)
            {
                coder.SetBackendAvailable(cluster.Id, true, CoderEnvironment(deployment));
            }
        }
    }

    private static bool IsComplete(JsonObject deployment) =>
        JsonFields.GetLong(deployment, "status.observedGeneration") == JsonFields.Generation(deployment)
        && (JsonFields.GetLong(deployment, "status.availableReplicas") ?? 0) >= Replicas(deployment)
        && (JsonFields.GetLong(deployment, "status.replicas") ?? 0) == Replicas(deployment);

    private static long Replicas(JsonObject deployment) => JsonFields.GetLong(deployment, "spec.replicas") ?? 1;

    private void StartRollout(JsonObject stored)
    {
        var deployment = (JsonObject)stored.DeepClone();
        var ns = JsonFields.Namespace(deployment);
        var name = JsonFields.Name(deployment);
        var uid = JsonFields.GetString(deployment, "metadata.uid");
        var replicas = Replicas(deployment);
        var template = deployment["spec"]?["template"] as JsonObject ?? [];
        var hash = StableHash.Encode(template.ToJsonString());
        var replicaSetName = $"{name}-{hash}";
        var revision = OwnedBy(ResourceCatalog.ReplicaSets, ns, uid).Count + 1;

        foreach (var old in OwnedBy(ResourceCatalog.ReplicaSets, ns, uid).Where(replicaSet => JsonFields.Name(replicaSet) != replicaSetName))
        {
            foreach (var pod in OwnedBy(ResourceCatalog.Pods, ns, JsonFields.GetString(old, "metadata.uid")))
            {
                cluster.DeleteStored(ResourceCatalog.Pods, ns, JsonFields.Name(pod));
            }

            var scaledDown = (JsonObject)old.DeepClone();
            JsonFields.ChildObject(scaledDown, "spec")["replicas"] = 0;
            scaledDown["status"] = new JsonObject { ["replicas"] = 0, ["observedGeneration"] = JsonFields.Generation(old) };
            cluster.ControllerWrite(ResourceCatalog.ReplicaSets, scaledDown);
        }

        var replicaSet = EnsureReplicaSet(deployment, replicaSetName, hash, replicas, revision);
        var rsUid = JsonFields.GetString(replicaSet, "metadata.uid");
        var pods = OwnedBy(ResourceCatalog.Pods, ns, rsUid);
        foreach (var extra in pods.Skip((int)replicas))
        {
            cluster.DeleteStored(ResourceCatalog.Pods, ns, JsonFields.Name(extra));
        }

        for (var count = pods.Count; count < replicas; count++)
        {
            cluster.ControllerWrite(ResourceCatalog.Pods, PendingPod(replicaSet, template, hash));
        }

        var previous = deployment["status"] as JsonObject;
        var available = Math.Min(JsonFields.GetLong(deployment, "status.availableReplicas") ?? 0, replicas);
        var wasAvailable = ConditionStatus(previous, "Available") == "True" && available > 0;
        var now = cluster.Now();
        var status = new JsonObject { ["observedGeneration"] = JsonFields.Generation(deployment) };
        SetCount(status, "replicas", replicas);
        SetCount(status, "updatedReplicas", replicas);
        SetCount(status, "readyReplicas", available);
        SetCount(status, "availableReplicas", available);
        SetCount(status, "unavailableReplicas", replicas - available);
        status["conditions"] = new JsonArray(
            wasAvailable
                ? Condition(previous, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
                : Condition(previous, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now),
            Condition(previous, "Progressing", "True", revision == 1 ? "NewReplicaSetCreated" : "ReplicaSetUpdated", $"ReplicaSet \"{replicaSetName}\" is progressing.", now));
        deployment["status"] = status;
        JsonFields.ChildObject(JsonFields.Metadata(deployment), "annotations")["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        cluster.ControllerWrite(ResourceCatalog.Deployments, deployment);

        if (IsCoder(deployment))
        {
            coderDeploymentChanged(ns);
        }

        ScheduleCompletion(deployment, replicas == 0 ? TimeSpan.Zero : RolloutDelay);
        ScheduleDeadline(deployment, replicaSetName);
    }

    /// <summary>Like the real controller, a rollout still incomplete after <c>progressDeadlineSeconds</c> reports <c>ProgressDeadlineExceeded</c>.</summary>
    private void ScheduleDeadline(JsonObject deployment, string replicaSetName)
    {
        var ns = JsonFields.Namespace(deployment);
        var name = JsonFields.Name(deployment);
        var uid = JsonFields.GetString(deployment, "metadata.uid");
        var generation = JsonFields.Generation(deployment);
        var deadline = TimeSpan.FromSeconds(JsonFields.GetLong(deployment, "spec.progressDeadlineSeconds") ?? 600);
        scheduler.After(deadline, $"progress deadline of deployment {ns}/{name}", _ =>
        {
            lock (cluster.Sync)
            {
                var stored = cluster.Store.Find(ResourceCatalog.Deployments, ns, name);
                if (stored is null || JsonFields.GetString(stored, "metadata.uid") != uid || JsonFields.Generation(stored) != generation || IsComplete(stored))
                {
                    return Task.CompletedTask;
                }

                var expired = (JsonObject)stored.DeepClone();
                var status = JsonFields.ChildObject(expired, "status");
                var previous = (JsonObject)status.DeepClone();
                var now = cluster.Now();
                var conditions = new JsonArray();
                foreach (var condition in (status["conditions"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    conditions.Add(condition["type"]?.ToString() == "Progressing"
                        ? Condition(previous, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{replicaSetName}\" has timed out progressing.", now)
                        : condition.DeepClone());
                }

                status["conditions"] = conditions;
                cluster.ControllerWrite(ResourceCatalog.Deployments, expired);
            }

            return Task.CompletedTask;
        });
    }

    private void ScheduleCompletion(JsonObject deployment, TimeSpan delay)
    {
        var ns = JsonFields.Namespace(deployment);
        var name = JsonFields.Name(deployment);
        var uid = JsonFields.GetString(deployment, "metadata.uid") ?? "";
        var generation = JsonFields.Generation(deployment);
        var token = $"{uid}/{generation}";
        if (!_scheduled.Add(token))
        {
            return;
        }

        scheduler.After(delay, $"rollout of deployment {ns}/{name}", _ =>
        {
            lock (cluster.Sync)
            {
                _scheduled.Remove(token);
                Complete(ns, name, uid, generation);
            }

            return Task.CompletedTask;
        });
    }

    private void Complete(string ns, string name, string uid, long generation)
    {
        var stored = cluster.Store.Find(ResourceCatalog.Deployments, ns, name);
        if (stored is null || JsonFields.GetString(stored, "metadata.uid") != uid || JsonFields.Generation(stored) != generation)
        {
            return;
        }

        var deployment = (JsonObject)stored.DeepClone();
        var replicas = Replicas(deployment);
        var nodes = cluster.Store.List(ResourceCatalog.Nodes, null).Where(NodeFactory.IsReady).ToList();
        var replicaSet = OwnedBy(ResourceCatalog.ReplicaSets, ns, uid)
            .FirstOrDefault(candidate => (JsonFields.GetLong(candidate, "spec.replicas") ?? 0) == replicas && replicas > 0)
            ?? OwnedBy(ResourceCatalog.ReplicaSets, ns, uid).LastOrDefault();
        var pods = replicaSet is null ? [] : OwnedBy(ResourceCatalog.Pods, ns, JsonFields.GetString(replicaSet, "metadata.uid"));
        var now = cluster.Now();
        if (replicas > 0 && nodes.Count == 0)
        {
            foreach (var pod in pods)
            {
                var unschedulable = PodStates.Unschedulable(pod, "0/0 nodes are available: no nodes available to schedule pods.", now);
                cluster.ControllerWrite(ResourceCatalog.Pods, unschedulable);
            }

            return;
        }

        var index = 0;
        foreach (var pod in pods)
        {
            cluster.ControllerWrite(ResourceCatalog.Pods, PodStates.Running(pod, nodes[index++ % nodes.Count], now));
        }

        if (replicaSet is not null)
        {
            var readySet = (JsonObject)replicaSet.DeepClone();
            var setStatus = new JsonObject { ["observedGeneration"] = JsonFields.Generation(replicaSet) };
            SetCount(setStatus, "replicas", replicas);
            SetCount(setStatus, "fullyLabeledReplicas", replicas);
            SetCount(setStatus, "readyReplicas", replicas);
            SetCount(setStatus, "availableReplicas", replicas);
            readySet["status"] = setStatus;
            cluster.ControllerWrite(ResourceCatalog.ReplicaSets, readySet);
        }

        var previous = deployment["status"] as JsonObject;
        var status = new JsonObject { ["observedGeneration"] = generation };
        SetCount(status, "replicas", replicas);
        SetCount(status, "updatedReplicas", replicas);
        SetCount(status, "readyReplicas", replicas);
        SetCount(status, "availableReplicas", replicas);
        var replicaSetName = replicaSet is null ? name : JsonFields.Name(replicaSet);
        status["conditions"] = new JsonArray(
            Condition(previous, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now),
            Condition(previous, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{replicaSetName}\" has successfully progressed.", now));
        deployment["status"] = status;
        cluster.ControllerWrite(ResourceCatalog.Deployments, deployment);

        if (IsCoder(deployment))
        {
            coder.SetBackendAvailable(cluster.Id, replicas > 0, replicas > 0 ? CoderEnvironment(deployment) : new Dictionary<string, string>());
            coderDeploymentChanged(ns);
        }
    }

    private Dictionary<string, string> CoderEnvironment(JsonObject deployment)
    {
        var ns = JsonFields.Namespace(deployment);
        var uid = JsonFields.GetString(deployment, "metadata.uid");
        var pod = OwnedBy(ResourceCatalog.ReplicaSets, ns, uid)
            .SelectMany(replicaSet => OwnedBy(ResourceCatalog.Pods, ns, JsonFields.GetString(replicaSet, "metadata.uid")))
            .FirstOrDefault();
        return ContainerEnvironment.Resolve(
            CoderContainer(deployment)!,
            ns,
            pod is null ? JsonFields.Name(deployment) : JsonFields.Name(pod),
            pod is null ? "" : JsonFields.GetString(pod, "status.podIP") ?? "",
            cluster.Store);
    }

    private JsonObject EnsureReplicaSet(JsonObject deployment, string replicaSetName, string hash, long replicas, int revision)
    {
        var ns = JsonFields.Namespace(deployment);
        var existing = cluster.Store.Find(ResourceCatalog.ReplicaSets, ns, replicaSetName);
        var replicaSet = existing is null ? NewReplicaSet(deployment, replicaSetName, hash, revision) : (JsonObject)existing.DeepClone();
        JsonFields.ChildObject(replicaSet, "spec")["replicas"] = replicas;
        return cluster.ControllerWrite(ResourceCatalog.ReplicaSets, replicaSet);
    }

    private static JsonObject NewReplicaSet(JsonObject deployment, string replicaSetName, string hash, int revision)
    {
        var template = (JsonObject)(deployment["spec"]?["template"]?.DeepClone() ?? new JsonObject());
        var labels = JsonFields.ChildObject(JsonFields.Metadata(template), "labels");
        labels["pod-template-hash"] = hash;
        var selector = (JsonObject)(deployment["spec"]?["selector"]?.DeepClone() ?? new JsonObject());
        JsonFields.ChildObject(selector, "matchLabels")["pod-template-hash"] = hash;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = replicaSetName,
                ["namespace"] = JsonFields.Namespace(deployment),
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["ownerReferences"] = new JsonArray(OwnerReference(deployment)),
            },
            ["spec"] = new JsonObject { ["selector"] = selector, ["template"] = template },
        };
    }

    private static JsonObject PendingPod(JsonObject replicaSet, JsonObject template, string hash)
    {
        var metadata = (JsonObject)(template["metadata"]?.DeepClone() ?? new JsonObject());
        JsonFields.ChildObject(metadata, "labels")["pod-template-hash"] = hash;
        metadata["name"] = $"{JsonFields.Name(replicaSet)}-{StableHash.Encode(Guid.NewGuid().ToString())[..5]}";
        metadata["namespace"] = JsonFields.Namespace(replicaSet);
        metadata["ownerReferences"] = new JsonArray(OwnerReference(replicaSet));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
            ["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" },
        };
    }

    private List<JsonObject> OwnedBy(ResourceKind kind, string ns, string? ownerUid) =>
        cluster.Store.List(kind, ns)
            .Where(item => (item["metadata"]?["ownerReferences"] as JsonArray ?? [])
                .Any(owner => owner?["uid"]?.ToString() == ownerUid && ownerUid is not null))
            .ToList();

    private static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = owner["apiVersion"]?.DeepClone(),
        ["kind"] = owner["kind"]?.DeepClone(),
        ["name"] = JsonFields.Name(owner),
        ["uid"] = JsonFields.GetString(owner, "metadata.uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    private static void SetCount(JsonObject status, string field, long value)
    {
        if (value != 0)
        {
            status[field] = value;
        }
    }

    private static string? ConditionStatus(JsonObject? status, string type) =>
        (status?["conditions"] as JsonArray ?? []).FirstOrDefault(condition => condition?["type"]?.ToString() == type)?["status"]?.ToString();

    private static JsonObject Condition(JsonObject? previousStatus, string type, string status, string reason, string message, string now)
    {
        var transition = ConditionStatus(previousStatus, type) == status
            ? (previousStatus?["conditions"] as JsonArray ?? []).First(condition => condition?["type"]?.ToString() == type)!["lastTransitionTime"]?.ToString() ?? now
            : now;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = now,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
