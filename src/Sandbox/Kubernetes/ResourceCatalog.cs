namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>The resource types every sandbox cluster serves, grouped as the discovery endpoints present them.</summary>
internal static class ResourceCatalog
{
    public static readonly ResourceKind Namespaces = new("", "v1", "Namespace", "namespaces", false, ["ns"], true, false);
    public static readonly ResourceKind Nodes = new("", "v1", "Node", "nodes", false, ["no"], true, false);
    public static readonly ResourceKind PersistentVolumes = new("", "v1", "PersistentVolume", "persistentvolumes", false, ["pv"], true, false);
    public static readonly ResourceKind Secrets = new("", "v1", "Secret", "secrets", true, [], false, false);
    public static readonly ResourceKind ConfigMaps = new("", "v1", "ConfigMap", "configmaps", true, ["cm"], false, false);
    public static readonly ResourceKind ServiceAccounts = new("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"], false, false);
    public static readonly ResourceKind Pods = new("", "v1", "Pod", "pods", true, ["po"], true, false);
    public static readonly ResourceKind Services = new("", "v1", "Service", "services", true, ["svc"], true, false);
    public static readonly ResourceKind PersistentVolumeClaims = new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], true, false);
    public static readonly ResourceKind Events = new("", "v1", "Event", "events", true, ["ev"], false, false);
    public static readonly ResourceKind Deployments = new("apps", "v1", "Deployment", "deployments", true, ["deploy"], true, true);
    public static readonly ResourceKind ReplicaSets = new("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], true, true);
    public static readonly ResourceKind StatefulSets = new("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], true, true);
    public static readonly ResourceKind DaemonSets = new("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], true, true);
    public static readonly ResourceKind Roles = new("rbac.authorization.k8s.io", "v1", "Role", "roles", true, [], false, false);
    public static readonly ResourceKind RoleBindings = new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, [], false, false);
    public static readonly ResourceKind ClusterRoles = new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, [], false, false);
    public static readonly ResourceKind ClusterRoleBindings = new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, [], false, false);
    public static readonly ResourceKind StorageClasses = new("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ["sc"], false, false);
    public static readonly ResourceKind Ingresses = new("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"], true, true);
    public static readonly ResourceKind IngressClasses = new("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, [], false, false);
    public static readonly ResourceKind NetworkPolicies = new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"], false, true);
    public static readonly ResourceKind PodDisruptionBudgets = new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], true, true);

    public static readonly IReadOnlyList<ResourceKind> All =
    [
        Namespaces, Nodes, PersistentVolumes, Secrets, ConfigMaps, ServiceAccounts, Pods, Services,
        PersistentVolumeClaims, Events, Deployments, ReplicaSets, StatefulSets, DaemonSets, Roles, RoleBindings,
        ClusterRoles, ClusterRoleBindings, StorageClasses, Ingresses, IngressClasses, NetworkPolicies,
        PodDisruptionBudgets,
    ];

    /// <summary>The API groups other than the core group, in the order <c>/apis</c> lists them.</summary>
    public static IReadOnlyList<string> NamedGroups { get; } =
        All.Select(kind => kind.Group).Where(group => group.Length > 0).Distinct().ToList();

    public static IEnumerable<ResourceKind> InGroupVersion(string group, string version) =>
        All.Where(kind => kind.Group == group && kind.Version == version);

    public static ResourceKind? FindByPlural(string group, string version, string plural) =>
        All.FirstOrDefault(kind => kind.Group == group && kind.Version == version && kind.Plural == plural);

    public static ResourceKind? FindByApiVersionAndKind(string apiVersion, string kind) =>
        All.FirstOrDefault(candidate => candidate.ApiVersion == apiVersion && candidate.Kind == kind);

    public static IEnumerable<string> VersionsOf(string group) =>
        All.Where(kind => kind.Group == group).Select(kind => kind.Version).Distinct();
}
