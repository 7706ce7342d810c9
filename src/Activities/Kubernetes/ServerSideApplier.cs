using k8s;
using k8s.Models;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>
/// Applies rendered objects with Kubernetes server-side apply (<c>application/apply-patch+yaml</c>,
/// field manager <c>coder-bootstrap</c>, conflicts forced), so applying the same object twice
/// changes nothing and a retry is always safe.
/// </summary>
public sealed class ServerSideApplier
{
    public const string FieldManager = "coder-bootstrap";

    private readonly IKubernetes _client;

    public ServerSideApplier(IKubernetes client) => _client = client;

    /// <summary>Applies one object; returns the resource version the server holds afterwards.</summary>
    public async Task<string?> ApplyAsync(RenderedManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var patch = new V1Patch(manifest.Body.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        IMetadata<V1ObjectMeta> applied = (manifest.ApiVersion, manifest.Kind) switch
        {
            ("v1", "Namespace") => await _client.CoreV1.PatchNamespaceAsync(patch, manifest.Name, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("v1", "ServiceAccount") => await _client.CoreV1.PatchNamespacedServiceAccountAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("v1", "Service") => await _client.CoreV1.PatchNamespacedServiceAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("v1", "Secret") => await _client.CoreV1.PatchNamespacedSecretAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("v1", "ConfigMap") => await _client.CoreV1.PatchNamespacedConfigMapAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("rbac.authorization.k8s.io/v1", "Role") => await _client.RbacAuthorizationV1.PatchNamespacedRoleAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("rbac.authorization.k8s.io/v1", "RoleBinding") => await _client.RbacAuthorizationV1.PatchNamespacedRoleBindingAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("apps/v1", "Deployment") => await _client.AppsV1.PatchNamespacedDeploymentAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("networking.k8s.io/v1", "Ingress") => await _client.NetworkingV1.PatchNamespacedIngressAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("networking.k8s.io/v1", "NetworkPolicy") => await _client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            ("policy/v1", "PodDisruptionBudget") => await _client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(patch, manifest.Name, RequireNamespace(manifest), fieldManager: FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new ManifestException($"{manifest.DisplayName}: kind {manifest.Kind} of {manifest.ApiVersion} is not one this product applies"),
        };
        return applied.Metadata?.ResourceVersion;
    }

    private static string RequireNamespace(RenderedManifest manifest) =>
        string.IsNullOrEmpty(manifest.Namespace)
            ? throw new ManifestException($"{manifest.DisplayName}: metadata.namespace is required")
            : manifest.Namespace;
}
