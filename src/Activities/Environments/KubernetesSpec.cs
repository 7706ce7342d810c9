namespace CoderBootstrap.Activities.Environments;

/// <summary>The Kapsule cluster and its node pool.</summary>
public sealed record KubernetesSpec(string ClusterName, string Version, string Cni, bool AutoUpgrade, NodePoolSpec NodePool);
