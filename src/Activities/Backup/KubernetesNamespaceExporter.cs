using System.Text;
using k8s;
using k8s.Models;

namespace CoderBootstrap.Activities.Backup;

/// <summary>Where a secret's values live, exported in place of the secret itself.</summary>
public sealed class SecretReferenceDocument
{
    public string ApiVersion { get; set; } = "backup.coder-bootstrap.io/v1";

    public string Kind { get; set; } = "SecretReference";

    public V1ObjectMeta Metadata { get; set; } = new();

    public string? Type { get; set; }

    /// <summary>The key names (never their values).</summary>
    public IList<string> Keys { get; set; } = [];

    /// <summary>The annotation <see cref="KubernetesNamespaceExporter.ValueSourceAnnotation"/> when set, else the live secret itself.</summary>
    public string ValueSource { get; set; } = "";
}

/// <summary>A namespace's objects as one multi-document YAML, and the names of what it holds.</summary>
public sealed record KubernetesExport(string Yaml, IReadOnlyList<string> Objects)
{
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(Yaml);
}

/// <summary>
/// Exports the objects of Coder's namespace (namespace, deployments, services, config maps, service
/// accounts, RBAC, ingresses, network policies, disruption budgets, volume claims) as YAML ready to
/// re-apply: server-set fields (status, uid, resourceVersion, managed fields, cluster IPs) dropped.
/// Secrets become <see cref="SecretReferenceDocument"/>s: names, types and key names, never values.
/// </summary>
public sealed class KubernetesNamespaceExporter
{
    /// <summary>An annotation the product may set on a secret saying where its value comes from (for example <c>rdb-credentials:dev</c>).</summary>
    public const string ValueSourceAnnotation = "coder-bootstrap/value-source";

    private static readonly string[] ServerSetAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        "deployment.kubernetes.io/revision",
        "pv.kubernetes.io/bind-completed",
        "pv.kubernetes.io/bound-by-controller",
    ];

    private readonly IKubernetes _client;

    public KubernetesNamespaceExporter(IKubernetes client)
    {
        _client = client;
    }

    public async Task<KubernetesExport> ExportAsync(string ns, CancellationToken cancellationToken)
    {
        var objects = new List<IKubernetesObject<V1ObjectMeta>>
        {
            await _client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false),
        };
        objects.AddRange(Typed((await _client.CoreV1.ListNamespacedServiceAccountAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "ServiceAccount", "v1"));
        objects.AddRange(Typed((await _client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items.Where(c => c.Metadata.Name != "kube-root-ca.crt"), "ConfigMap", "v1"));
        objects.AddRange(Typed((await _client.RbacAuthorizationV1.ListNamespacedRoleAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "Role", "rbac.authorization.k8s.io/v1"));
        objects.AddRange(Typed((await _client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "RoleBinding", "rbac.authorization.k8s.io/v1"));
        objects.AddRange(Typed((await _client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "PersistentVolumeClaim", "v1"));
        objects.AddRange(Typed((await _client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "Service", "v1"));
        objects.AddRange(Typed((await _client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "Deployment", "apps/v1"));
        objects.AddRange(Typed((await _client.NetworkingV1.ListNamespacedIngressAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "Ingress", "networking.k8s.io/v1"));
        objects.AddRange(Typed((await _client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "NetworkPolicy", "networking.k8s.io/v1"));
        objects.AddRange(Typed((await _client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items, "PodDisruptionBudget", "policy/v1"));
        var secrets = (await _client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items;

        var documents = new List<string>();
        var names = new List<string>();
        foreach (var item in objects)
        {
            Clean(item);
            documents.Add(KubernetesYaml.Serialize(item));
            names.Add($"{item.Kind}/{item.Metadata.Name}");
        }

        foreach (var secret in secrets.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            documents.Add(KubernetesYaml.Serialize(Reference(secret)));
            names.Add($"SecretReference/{secret.Metadata.Name}");
        }

        return new KubernetesExport(string.Join("---\n", documents.Select(d => d.EndsWith('\n') ? d : d + "\n")), names);
    }

    private static IEnumerable<IKubernetesObject<V1ObjectMeta>> Typed<T>(IEnumerable<T> items, string kind, string apiVersion)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        // List items come without kind and apiVersion; a re-applied document needs both.
        foreach (var item in items.OrderBy(i => i.Metadata.Name, StringComparer.Ordinal))
        {
            item.Kind = kind;
            item.ApiVersion = apiVersion;
            yield return item;
        }
    }

    private static SecretReferenceDocument Reference(V1Secret secret)
    {
        var annotations = secret.Metadata.Annotations;
        var source = annotations is not null && annotations.TryGetValue(ValueSourceAnnotation, out var annotated)
            ? annotated
            : $"kubernetes-secret:{secret.Metadata.NamespaceProperty}/{secret.Metadata.Name}";
        return new SecretReferenceDocument
        {
            Metadata = new V1ObjectMeta
            {
                Name = secret.Metadata.Name,
                NamespaceProperty = secret.Metadata.NamespaceProperty,
                Labels = secret.Metadata.Labels,
            },
            Type = secret.Type,
            Keys = [.. (secret.Data?.Keys ?? []).Concat(secret.StringData?.Keys ?? []).Distinct().Order(StringComparer.Ordinal)],
            ValueSource = source,
        };
    }

    private static void Clean(IKubernetesObject<V1ObjectMeta> item)
    {
        var metadata = item.Metadata;
        metadata.Uid = null;
        metadata.ResourceVersion = null;
        metadata.CreationTimestamp = null;
        metadata.Generation = null;
        metadata.ManagedFields = null;
        metadata.SelfLink = null;
        if (metadata.Annotations is { } annotations)
        {
            foreach (var annotation in ServerSetAnnotations)
            {
                annotations.Remove(annotation);
            }

            if (annotations.Count == 0)
            {
                metadata.Annotations = null;
            }
        }

        switch (item)
        {
            case V1Namespace space:
                space.Status = null;
                space.Spec = null;
                break;
            case V1Deployment deployment:
                deployment.Status = null;
                break;
            case V1Service service:
                service.Status = null;
                service.Spec.ClusterIP = null;
                service.Spec.ClusterIPs = null;
                break;
            case V1Ingress ingress:
                ingress.Status = null;
                break;
            case V1PersistentVolumeClaim claim:
                claim.Status = null;
                break;
            case V1PodDisruptionBudget budget:
                budget.Status = null;
                break;
        }
    }
}
