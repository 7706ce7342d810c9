using System.Globalization;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>Server-side printing: the <c>meta.k8s.io/v1 Table</c> kubectl asks for, with the usual columns per kind.</summary>
internal static class TablePrinter
{
    public static JsonObject Print(ResourceKind kind, IEnumerable<JsonObject> items, long resourceVersion, DateTimeOffset now, bool includeFullObject)
    {
        var columns = Columns(kind);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray(Cells(kind, item, now).Select(cell => (JsonNode?)JsonValue.Create(cell)).ToArray());
            var rowObject = includeFullObject
                ? item.DeepClone()
                : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item["metadata"]?.DeepClone(),
                };
            rows.Add(new JsonObject { ["cells"] = cells, ["object"] = rowObject });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = new JsonArray(columns.Select(column => (JsonNode)new JsonObject
            {
                ["name"] = column,
                ["type"] = "string",
                ["format"] = column == "Name" ? "name" : "",
                ["description"] = column,
                ["priority"] = 0,
            }).ToArray()),
            ["rows"] = rows,
        };
    }

    private static string[] Columns(ResourceKind kind) => kind.Kind switch
    {
        "Node" => ["Name", "Status", "Roles", "Age", "Version"],
        "StorageClass" => ["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"],
        "Deployment" => ["Name", "Ready", "Up-to-date", "Available", "Age"],
        "Pod" => ["Name", "Ready", "Status", "Restarts", "Age"],
        "Service" => ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"],
        "PersistentVolumeClaim" => ["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "Age"],
        "Namespace" => ["Name", "Status", "Age"],
        "Secret" => ["Name", "Type", "Data", "Age"],
        "ConfigMap" => ["Name", "Data", "Age"],
        _ => ["Name", "Age"],
    };

    private static string[] Cells(ResourceKind kind, JsonObject item, DateTimeOffset now)
    {
        var name = JsonFields.Name(item);
        var age = Age(JsonFields.GetString(item, "metadata.creationTimestamp"), now);
        string Get(string path) => JsonFields.GetString(item, path) ?? "";
        return kind.Kind switch
        {
            "Node" => [name, NodeFactory.IsReady(item) ? "Ready" : "NotReady", "<none>", age, Get("status.nodeInfo.kubeletVersion")],
            "StorageClass" =>
            [
                item["metadata"]?["annotations"]?["storageclass.kubernetes.io/is-default-class"]?.ToString() == "true" ? name + " (default)" : name,
                Get("provisioner"), Get("reclaimPolicy"), Get("volumeBindingMode"), Get("allowVolumeExpansion"), age,
            ],
            "Deployment" =>
            [
                name, $"{JsonFields.GetLong(item, "status.readyReplicas") ?? 0}/{JsonFields.GetLong(item, "spec.replicas") ?? 1}",
                (JsonFields.GetLong(item, "status.updatedReplicas") ?? 0).ToString(CultureInfo.InvariantCulture),
                (JsonFields.GetLong(item, "status.availableReplicas") ?? 0).ToString(CultureInfo.InvariantCulture), age,
            ],
            "Pod" => [name, PodReadiness(item), Get("status.phase"), "0", age],
            "Service" => [name, Get("spec.type"), Get("spec.clusterIP"), ExternalIp(item), Ports(item), age],
            "PersistentVolumeClaim" =>
            [
                name, Get("status.phase"), Get("spec.volumeName"), Get("status.capacity.storage"),
                string.Join(",", (item["spec"]?["accessModes"] as JsonArray ?? []).Select(mode => Abbreviate(mode?.ToString()))),
                Get("spec.storageClassName"), age,
            ],
            "Namespace" => [name, Get("status.phase"), age],
            "Secret" => [name, Get("type"), ((item["data"] as JsonObject)?.Count ?? 0).ToString(CultureInfo.InvariantCulture), age],
            "ConfigMap" => [name, ((item["data"] as JsonObject)?.Count ?? 0).ToString(CultureInfo.InvariantCulture), age],
            _ => [name, age],
        };
    }

    private static string PodReadiness(JsonObject pod)
    {
        var statuses = pod["status"]?["containerStatuses"] as JsonArray ?? [];
        var total = (pod["spec"]?["containers"] as JsonArray ?? []).Count;
        var ready = statuses.Count(status => status?["ready"]?.GetValue<bool>() == true);
        return $"{ready}/{total}";
    }

    private static string ExternalIp(JsonObject service)
    {
        var ingress = service["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? [];
        if (ingress.Count > 0)
        {
            return string.Join(",", ingress.Select(entry => entry?["ip"]?.ToString() ?? entry?["hostname"]?.ToString()));
        }

        return service["spec"]?["type"]?.ToString() == "LoadBalancer" ? "<pending>" : "<none>";
    }

    private static string Ports(JsonObject service) =>
        string.Join(",", (service["spec"]?["ports"] as JsonArray ?? []).Select(port =>
            port?["nodePort"] is { } nodePort ? $"{port["port"]}:{nodePort}/{port["protocol"]}" : $"{port?["port"]}/{port?["protocol"]}"));

    private static string Abbreviate(string? accessMode) => accessMode switch
    {
        "ReadWriteOnce" => "RWO",
        "ReadOnlyMany" => "ROX",
        "ReadWriteMany" => "RWX",
        "ReadWriteOncePod" => "RWOP",
        _ => accessMode ?? "",
    };

    private static string Age(string? creationTimestamp, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(creationTimestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        {
            return "<unknown>";
        }

        var age = now - created;
        return age.TotalSeconds < 120 ? $"{Math.Max(0, (int)age.TotalSeconds)}s"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
