namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// What a resource path names: the kind, the namespace (null for cluster-scoped kinds and for lists across
/// all namespaces), the object name (null for collections) and the subresource (<c>status</c>, or a pod's <c>log</c>).
/// </summary>
internal sealed record ResourceTarget(ResourceKind Kind, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Parses the segments after <c>/api/v1</c> or <c>/apis/{group}/{version}</c>.</summary>
    public static ResourceTarget Parse(string group, string version, string[] tail)
    {
        ResourceKind kind;
        string? ns = null;
        string[] remainder;
        if (tail.Length >= 3 && tail[0] == "namespaces" && ResourceCatalog.FindByPlural(group, version, tail[2]) is { Namespaced: true } namespaced)
        {
            kind = namespaced;
            ns = tail[1];
            remainder = tail[3..];
        }
        else
        {
            kind = ResourceCatalog.FindByPlural(group, version, tail[0]) ?? throw KubernetesStatus.PathNotFound();
            remainder = tail[1..];
        }

        var name = remainder.ElementAtOrDefault(0);
        var subresource = remainder.ElementAtOrDefault(1);
        if (remainder.Length > 2 || (name is not null && kind.Namespaced && ns is null))
        {
            throw KubernetesStatus.PathNotFound();
        }

        var isPodLog = subresource == "log" && kind == ResourceCatalog.Pods;
        if (subresource is not null && !(subresource == "status" && kind.HasStatusSubresource) && !isPodLog)
        {
            throw KubernetesStatus.PathNotFound();
        }

        return new ResourceTarget(kind, ns, name, subresource);
    }
}
