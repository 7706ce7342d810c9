using System.Globalization;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// Emulates the CSI provisioner and the PV controller: a claim whose storage class exists is bound at once
/// to a new <c>PersistentVolume</c> (whatever the class's binding mode); a claim without an existing class
/// stays <c>Pending</c> until such a class is created. With <paramref name="blockVolumes"/>, a volume of
/// Scaleway's CSI driver is backed by a Block Storage volume named after it, as Kapsule's driver does.
/// </summary>
internal sealed class VolumeClaimBinder(KubernetesCluster cluster, ISandboxBlockVolumes? blockVolumes)
{
    private const string ScalewayCsiDriver = "csi.scaleway.com";

    public void OnClaimWritten(JsonObject claim)
    {
        if (JsonFields.GetString(claim, "status.phase") != "Bound")
        {
            TryBind(claim);
        }
    }

    public void OnStorageClassCreated(JsonObject storageClass)
    {
        var name = JsonFields.Name(storageClass);
        var isDefault = storageClass["metadata"]?["annotations"]?["storageclass.kubernetes.io/is-default-class"]?.ToString() == "true";
        foreach (var claim in cluster.Store.List(ResourceCatalog.PersistentVolumeClaims, null))
        {
            if (JsonFields.GetString(claim, "status.phase") == "Bound")
            {
                continue;
            }

            var className = JsonFields.GetString(claim, "spec.storageClassName");
            if (className == name || (className is null && isDefault))
            {
                TryBind(claim);
            }
        }
    }

    public void OnClaimDeleted(JsonObject claim)
    {
        var volumeName = JsonFields.GetString(claim, "spec.volumeName");
        var volume = volumeName is null ? null : cluster.Store.Find(ResourceCatalog.PersistentVolumes, "", volumeName);
        if (volume is null)
        {
            return;
        }

        var blockVolumeHandle = JsonFields.GetString(volume, "spec.csi.driver") == ScalewayCsiDriver ? JsonFields.GetString(volume, "spec.csi.volumeHandle") : null;
        if (JsonFields.GetString(volume, "spec.persistentVolumeReclaimPolicy") == "Delete")
        {
            cluster.DeleteStored(ResourceCatalog.PersistentVolumes, "", volumeName!);
            if (blockVolumeHandle is not null)
            {
                blockVolumes?.Release(blockVolumeHandle);
            }
            return;
        }

        if (blockVolumeHandle is not null)
        {
            blockVolumes?.Detach(blockVolumeHandle);
        }

        var released = (JsonObject)volume.DeepClone();
        released["status"] = new JsonObject { ["phase"] = "Released" };
        cluster.ControllerWrite(ResourceCatalog.PersistentVolumes, released);
    }

    private void TryBind(JsonObject stored)
    {
        var claim = (JsonObject)stored.DeepClone();
        var className = JsonFields.GetString(claim, "spec.storageClassName") ?? ObjectDefaults.DefaultStorageClassName(cluster.Store);
        var storageClass = className is null ? null : cluster.Store.Find(ResourceCatalog.StorageClasses, "", className);
        if (storageClass is null)
        {
            return;
        }

        var uid = JsonFields.GetString(claim, "metadata.uid") ?? Guid.NewGuid().ToString();
        var volumeName = "pvc-" + uid;
        var size = claim["spec"]?["resources"]?["requests"]?["storage"]?.DeepClone() ?? JsonValue.Create("1Gi");
        var accessModes = claim["spec"]?["accessModes"]?.DeepClone() ?? new JsonArray("ReadWriteOnce");
        var provisioner = storageClass["provisioner"]?.ToString() ?? ScalewayCsiDriver;
        var volumeHandle = provisioner == ScalewayCsiDriver && blockVolumes is not null
            ? blockVolumes.Provision(cluster.Id, volumeName, QuantityBytes(size.ToString()))
            : "fr-par-1/" + Guid.NewGuid();
        var volume = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolume",
            ["metadata"] = new JsonObject
            {
                ["name"] = volumeName,
                ["annotations"] = new JsonObject { ["pv.kubernetes.io/provisioned-by"] = provisioner },
                ["finalizers"] = new JsonArray("kubernetes.io/pv-protection"),
            },
            ["spec"] = new JsonObject
            {
                ["accessModes"] = accessModes.DeepClone(),
                ["capacity"] = new JsonObject { ["storage"] = size.DeepClone() },
                ["claimRef"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "PersistentVolumeClaim",
                    ["name"] = JsonFields.Name(claim),
                    ["namespace"] = JsonFields.Namespace(claim),
                    ["uid"] = uid,
                },
                ["csi"] = new JsonObject { ["driver"] = provisioner, ["fsType"] = "ext4", ["volumeHandle"] = volumeHandle },
                ["persistentVolumeReclaimPolicy"] = storageClass["reclaimPolicy"]?.ToString() ?? "Delete",
                ["storageClassName"] = className,
                ["volumeMode"] = claim["spec"]?["volumeMode"]?.DeepClone() ?? "Filesystem",
            },
            ["status"] = new JsonObject { ["phase"] = "Bound" },
        };
        cluster.ControllerWrite(ResourceCatalog.PersistentVolumes, volume);

        var spec = JsonFields.ChildObject(claim, "spec");
        spec["storageClassName"] = className;
        spec["volumeName"] = volumeName;
        var annotations = JsonFields.ChildObject(JsonFields.Metadata(claim), "annotations");
        annotations["pv.kubernetes.io/bind-completed"] = "yes";
        annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
        annotations["volume.kubernetes.io/storage-provisioner"] = provisioner;
        claim["status"] = new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = accessModes,
            ["capacity"] = new JsonObject { ["storage"] = size },
        };
        cluster.ControllerWrite(ResourceCatalog.PersistentVolumeClaims, claim);
    }

    /// <summary>The bytes of a storage quantity such as <c>10Gi</c>, <c>500M</c> or <c>1073741824</c> (validation already refused malformed ones).</summary>
    internal static long QuantityBytes(string quantity)
    {
        string[] binary = ["Ki", "Mi", "Gi", "Ti", "Pi"];
        string[] decimalSuffixes = ["k", "M", "G", "T", "P"];
        for (var index = 0; index < binary.Length; index++)
        {
            if (quantity.EndsWith(binary[index], StringComparison.Ordinal))
            {
                return (long)(decimal.Parse(quantity[..^2], CultureInfo.InvariantCulture) * (decimal)Math.Pow(1024, index + 1));
            }
        }
        for (var index = 0; index < decimalSuffixes.Length; index++)
        {
            if (quantity.EndsWith(decimalSuffixes[index], StringComparison.Ordinal))
            {
                return (long)(decimal.Parse(quantity[..^1], CultureInfo.InvariantCulture) * (decimal)Math.Pow(1000, index + 1));
            }
        }
        return decimal.TryParse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes) ? (long)bytes : 1L << 30;
    }
}
