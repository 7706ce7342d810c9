using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>Builds the Kubernetes <c>Node</c> of a Kapsule pool node, labelled as Kapsule labels them and <c>Ready</c>.</summary>
internal static class NodeFactory
{
    public static JsonObject Create(SandboxNode node, string kubernetesVersion, string uid, string now)
    {
        var (cpu, memory) = Capacity(node.NodeType);
        var zone = ZoneOf(node.ProviderId);
        var labels = new JsonObject
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["k8s.scaleway.com/kapsule"] = "true",
            ["k8s.scaleway.com/managed"] = "true",
            ["k8s.scaleway.com/node-type"] = node.NodeType.ToLowerInvariant(),
            ["k8s.scaleway.com/pool-name"] = node.PoolName,
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["node.kubernetes.io/instance-type"] = node.NodeType.ToLowerInvariant(),
        };
        if (zone is not null)
        {
            labels["topology.kubernetes.io/zone"] = zone;
            labels["topology.kubernetes.io/region"] = zone[..zone.LastIndexOf('-')];
        }

        var version = kubernetesVersion.StartsWith('v') ? kubernetesVersion : "v" + kubernetesVersion;
        var resources = new JsonObject
        {
            ["cpu"] = cpu,
            ["memory"] = memory,
            ["ephemeral-storage"] = "40901312Ki",
            ["pods"] = "110",
        };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = node.Name,
                ["uid"] = uid,
                ["creationTimestamp"] = now,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["node.alpha.kubernetes.io/ttl"] = "0" },
            },
            ["spec"] = new JsonObject
            {
                ["providerID"] = node.ProviderId,
                ["podCIDR"] = StableHash.Address("100.64", node.Name) + "/24",
            },
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                    Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = StableHash.Address("172.16", node.Name) },
                    new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
                ["nodeInfo"] = new JsonObject
                {
                    ["architecture"] = "amd64",
                    ["containerRuntimeVersion"] = "containerd://1.7.22",
                    ["kernelVersion"] = "5.15.0-119-generic",
                    ["kubeProxyVersion"] = version,
                    ["kubeletVersion"] = version,
                    ["operatingSystem"] = "linux",
                    ["osImage"] = "Ubuntu 22.04.5 LTS",
                    ["machineID"] = uid.Replace("-", ""),
                    ["systemUUID"] = uid,
                    ["bootID"] = uid,
                },
            },
        };
    }

    public static bool IsReady(JsonObject node) =>
        (node["status"]?["conditions"] as JsonArray ?? [])
            .Any(condition => condition?["type"]?.ToString() == "Ready" && condition["status"]?.ToString() == "True");

    public static string? InternalIp(JsonObject node) =>
        (node["status"]?["addresses"] as JsonArray ?? [])
            .FirstOrDefault(address => address?["type"]?.ToString() == "InternalIP")?["address"]?.ToString();

    private static JsonObject Condition(string type, string status, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastHeartbeatTime"] = now,
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <summary>The zone of a provider id such as <c>scaleway://instance/fr-par-1/…</c>, when it has that form.</summary>
    private static string? ZoneOf(string providerId)
    {
        var parts = providerId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.FirstOrDefault(part => part.Count(character => character == '-') == 2 && part.Length <= 10 && char.IsLetter(part[0]));
    }

    private static (string Cpu, string Memory) Capacity(string nodeType) => nodeType.ToUpperInvariant() switch
    {
        "DEV1-M" => ("3", "3996792Ki"),
        "DEV1-L" => ("4", "8008192Ki"),
        "GP1-XS" => ("4", "16115936Ki"),
        "GP1-S" => ("8", "32231872Ki"),
        "GP1-M" => ("16", "64463744Ki"),
        "PRO2-XXS" => ("2", "8008192Ki"),
        "PRO2-XS" => ("4", "16115936Ki"),
        "PRO2-S" => ("8", "32231872Ki"),
        _ => ("4", "16115936Ki"),
    };
}
