using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>The objects a fresh Kapsule cluster starts with: system namespaces, the storage classes, <c>cluster-admin</c>.</summary>
internal static class ClusterSeed
{
    public static void Populate(KubernetesCluster cluster)
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            var resource = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } };
            ObjectDefaults.OnCreate(ResourceCatalog.Namespaces, resource, cluster.Store);
            cluster.ControllerWrite(ResourceCatalog.Namespaces, resource);
        }

        var kubernetesService = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["namespace"] = "default",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["clusterIP"] = "10.32.0.1",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = 6443 }),
            },
        };
        ObjectDefaults.OnCreate(ResourceCatalog.Services, kubernetesService, cluster.Store);
        cluster.ControllerWrite(ResourceCatalog.Services, kubernetesService);

        cluster.ControllerWrite(ResourceCatalog.StorageClasses, StorageClass("sbs-default", "Delete", isDefault: true));
        cluster.ControllerWrite(ResourceCatalog.StorageClasses, StorageClass("sbs-default-retain", "Retain", isDefault: false));

        cluster.ControllerWrite(ResourceCatalog.ClusterRoles, new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject
            {
                ["name"] = "cluster-admin",
                ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
            },
            ["rules"] = new JsonArray(
                new JsonObject { ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*"), ["verbs"] = new JsonArray("*") },
                new JsonObject { ["nonResourceURLs"] = new JsonArray("*"), ["verbs"] = new JsonArray("*") }),
        });
    }

    private static JsonObject StorageClass(string name, string reclaimPolicy, bool isDefault)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["k8s.scaleway.com/managed"] = "true" },
        };
        if (isDefault)
        {
            metadata["annotations"] = new JsonObject { ["storageclass.kubernetes.io/is-default-class"] = "true" };
        }

        return new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1",
            ["kind"] = "StorageClass",
            ["metadata"] = metadata,
            ["provisioner"] = "csi.scaleway.com",
            ["reclaimPolicy"] = reclaimPolicy,
            ["volumeBindingMode"] = "WaitForFirstConsumer",
            ["allowVolumeExpansion"] = true,
            ["parameters"] = new JsonObject { ["type"] = "sbs_5k" },
        };
    }
}
