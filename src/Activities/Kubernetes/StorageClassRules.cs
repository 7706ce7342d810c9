using k8s.Models;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>Which storage class is the cluster's default, and whether Coder workspaces may rely on it.</summary>
public static class StorageClassRules
{
    public const string ScalewayCsiProvisioner = "csi.scaleway.com";
    public const string LegacyClassPrefix = "scw-bssd";

    private const string DefaultAnnotation = "storageclass.kubernetes.io/is-default-class";
    private const string BetaDefaultAnnotation = "storageclass.beta.kubernetes.io/is-default-class";

    public static bool IsDefault(V1StorageClass storageClass)
    {
        var annotations = storageClass.Metadata?.Annotations;
        if (annotations is null)
        {
            return false;
        }

        return (annotations.TryGetValue(DefaultAnnotation, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            || (annotations.TryGetValue(BetaDefaultAnnotation, out var beta) && string.Equals(beta, "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Provided by the Scaleway CSI driver, or one of the legacy Kapsule block-storage classes.</summary>
    public static bool IsAccepted(V1StorageClass storageClass) =>
        string.Equals(storageClass.Provisioner, ScalewayCsiProvisioner, StringComparison.Ordinal)
        || (storageClass.Metadata?.Name?.StartsWith(LegacyClassPrefix, StringComparison.Ordinal) ?? false);

    /// <summary>The accepted default class, or null; several defaults are resolved as Kubernetes does (newest wins).</summary>
    public static V1StorageClass? FindAcceptedDefault(IEnumerable<V1StorageClass> classes) =>
        classes.Where(IsDefault).Where(IsAccepted).OrderByDescending(c => c.Metadata?.CreationTimestamp ?? DateTime.MinValue).FirstOrDefault();
}
