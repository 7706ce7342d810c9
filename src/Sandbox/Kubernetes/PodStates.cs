using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>The pod statuses the emulated scheduler and kubelet write: running on a node, or unschedulable.</summary>
internal static class PodStates
{
    public static JsonObject Running(JsonObject pending, JsonObject node, string now)
    {
        var pod = (JsonObject)pending.DeepClone();
        JsonFields.ChildObject(pod, "spec")["nodeName"] = JsonFields.Name(node);
        var podIp = StableHash.Address("100.64", JsonFields.Name(pod));
        var containerStatuses = new JsonArray();
        foreach (var container in (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            containerStatuses.Add(new JsonObject
            {
                ["name"] = container["name"]?.DeepClone(),
                ["image"] = container["image"]?.DeepClone(),
                ["imageID"] = container["image"]?.ToString() + "@sha256:" + StableHash.Fnv1a(container["image"]?.ToString() ?? "").ToString("x8"),
                ["containerID"] = "containerd://" + Guid.NewGuid().ToString("N"),
                ["ready"] = true,
                ["started"] = true,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
            });
        }

        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(
                PodCondition("Initialized", now),
                PodCondition("Ready", now),
                PodCondition("ContainersReady", now),
                PodCondition("PodScheduled", now)),
            ["hostIP"] = NodeFactory.InternalIp(node),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = now,
            ["containerStatuses"] = containerStatuses,
            ["qosClass"] = "BestEffort",
        };
        return pod;
    }

    private static JsonObject PodCondition(string type, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = now,
    };

    public static JsonObject Unschedulable(JsonObject pending, string message, string now)
    {
        var pod = (JsonObject)pending.DeepClone();
        pod["status"] = new JsonObject
        {
            ["phase"] = "Pending",
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "False",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = now,
                ["reason"] = "Unschedulable",
                ["message"] = message,
            }),
            ["qosClass"] = "BestEffort",
        };
        return pod;
    }
}
