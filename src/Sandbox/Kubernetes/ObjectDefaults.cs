using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>The defaulting the API server and its admission plugins do on create and update.</summary>
internal static class ObjectDefaults
{
    public static void OnCreate(ResourceKind kind, JsonObject resource, ClusterObjectStore store)
    {
        var metadata = JsonFields.Metadata(resource);
        if (kind == ResourceCatalog.Namespaces)
        {
            JsonFields.ChildObject(metadata, "labels")["kubernetes.io/metadata.name"] = JsonFields.Name(resource);
            JsonFields.ChildObject(resource, "spec")["finalizers"] = new JsonArray("kubernetes");
            resource["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (kind == ResourceCatalog.Pods)
        {
            resource["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        }
        else if (kind == ResourceCatalog.PersistentVolumeClaims)
        {
            var spec = JsonFields.ChildObject(resource, "spec");
            spec["volumeMode"] ??= "Filesystem";
            if (!spec.ContainsKey("storageClassName") && DefaultStorageClassName(store) is { } defaultClass)
            {
                spec["storageClassName"] = defaultClass;
            }

            resource["status"] = new JsonObject { ["phase"] = "Pending" };
        }

        OnWrite(kind, resource, null, store);
    }

    public static void OnUpdate(ResourceKind kind, JsonObject resource, JsonObject current, ClusterObjectStore store) =>
        OnWrite(kind, resource, current, store);

    public static string? DefaultStorageClassName(ClusterObjectStore store) =>
        store.List(ResourceCatalog.StorageClasses, null)
            .Where(storageClass =>
                storageClass["metadata"]?["annotations"]?["storageclass.kubernetes.io/is-default-class"]?.ToString() == "true")
            .Select(JsonFields.Name)
            .FirstOrDefault();

    private static void OnWrite(ResourceKind kind, JsonObject resource, JsonObject? current, ClusterObjectStore store)
    {
        if (kind == ResourceCatalog.Secrets)
        {
            DefaultSecret(resource);
        }
        else if (kind == ResourceCatalog.Services)
        {
            DefaultService(resource, current, store);
        }
        else if (kind == ResourceCatalog.Deployments)
        {
            var spec = JsonFields.ChildObject(resource, "spec");
            spec["replicas"] ??= 1;
            spec["revisionHistoryLimit"] ??= 10;
            spec["progressDeadlineSeconds"] ??= 600;
            spec["strategy"] ??= new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
            };
        }
    }

    private static void DefaultSecret(JsonObject resource)
    {
        resource["type"] ??= "Opaque";
        if (resource["stringData"] is JsonObject stringData)
        {
            var data = JsonFields.ChildObject(resource, "data");
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.ToString() ?? ""));
            }

            resource.Remove("stringData");
        }
    }

    private static void DefaultService(JsonObject resource, JsonObject? current, ClusterObjectStore store)
    {
        var spec = JsonFields.ChildObject(resource, "spec");
        spec["type"] ??= "ClusterIP";
        var type = spec["type"]!.ToString();
        if (type == "ExternalName")
        {
            return;
        }

        if (spec["clusterIP"] is null || spec["clusterIP"]!.ToString().Length == 0)
        {
            spec["clusterIP"] = current?["spec"]?["clusterIP"]?.DeepClone() ?? AllocateClusterIp(store);
        }

        spec["clusterIPs"] = new JsonArray(spec["clusterIP"]!.DeepClone());
        spec["ipFamilies"] ??= new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        spec["sessionAffinity"] ??= "None";
        spec["internalTrafficPolicy"] ??= "Cluster";
        var needsNodePorts = type is "LoadBalancer" or "NodePort";
        if (needsNodePorts)
        {
            spec["externalTrafficPolicy"] ??= "Cluster";
        }
        else
        {
            // As the API server does when a service changes to ClusterIP: node ports are released.
            spec.Remove("externalTrafficPolicy");
            foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                port.Remove("nodePort");
            }
        }

        var currentPorts = current?["spec"]?["ports"] as JsonArray ?? [];
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
            if (needsNodePorts && port["nodePort"] is null)
            {
                var previous = currentPorts.OfType<JsonObject>()
                    .FirstOrDefault(candidate => JsonNode.DeepEquals(candidate["port"], port["port"]))?["nodePort"];
                port["nodePort"] = previous?.DeepClone() ?? AllocateNodePort(store, spec);
            }
        }

        if (resource["status"] is not JsonObject)
        {
            resource["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        }
    }

    private static string AllocateClusterIp(ClusterObjectStore store)
    {
        var used = store.List(ResourceCatalog.Services, null)
            .Select(service => JsonFields.GetString(service, "spec.clusterIP"))
            .ToHashSet();
        for (var index = 10; ; index++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"10.32.{index / 250}.{(index % 250) + 1}");
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static int AllocateNodePort(ClusterObjectStore store, JsonObject spec)
    {
        var used = store.List(ResourceCatalog.Services, null)
            .SelectMany(service => service["spec"]?["ports"] as JsonArray ?? [])
            .Concat(spec["ports"] as JsonArray ?? [])
            .Select(port => port?["nodePort"]?.ToString())
            .ToHashSet();
        for (var port = 30000; ; port++)
        {
            if (!used.Contains(port.ToString(CultureInfo.InvariantCulture)))
            {
                return port;
            }
        }
    }
}
