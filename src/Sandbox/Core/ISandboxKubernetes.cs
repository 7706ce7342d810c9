namespace CoderBootstrap.Sandbox.Core;

/// <summary>
/// The Kubernetes API servers of sandbox clusters. The Kapsule emulation registers a cluster when
/// it is created, keeps its node list in step with its pools and removes it on delete.
/// </summary>
public interface ISandboxKubernetes
{
    /// <summary>Registers (or re-registers after a restart) a cluster; returns the API server URL for its kubeconfig.</summary>
    string RegisterCluster(string clusterId, string clusterName, string bearerToken, string kubernetesVersion);

    /// <summary>Replaces the cluster's nodes (one Kubernetes Node per pool node, all Ready).</summary>
    void SetNodes(string clusterId, IReadOnlyList<SandboxNode> nodes);

    void RemoveCluster(string clusterId);

    /// <summary>Base64 PEM of the CA that signs the API servers' HTTPS certificate, for kubeconfigs; null when served over plain HTTP.</summary>
    string? CertificateAuthorityData => null;
}

public sealed record SandboxNode(string Name, string PoolName, string NodeType, string ProviderId);
