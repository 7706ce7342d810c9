namespace CoderBootstrap.Activities.Environments;

/// <summary>Kubernetes hardening level of the environment.</summary>
public sealed record SecuritySpec(PodSecurityStandard PodSecurityStandard, bool NetworkPolicies);
