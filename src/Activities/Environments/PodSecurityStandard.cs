namespace CoderBootstrap.Activities.Environments;

/// <summary>Kubernetes Pod Security Standards levels (pod-security.kubernetes.io/enforce).</summary>
public enum PodSecurityStandard
{
    Privileged,
    Baseline,
    Restricted,
}
