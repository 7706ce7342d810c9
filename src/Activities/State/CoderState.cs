namespace CoderBootstrap.Activities.State;

/// <summary>Outputs of phase 2: the Coder release, its public endpoint and the templates pushed.</summary>
public sealed record CoderState(
    string Environment,
    string Namespace,
    string HelmReleaseName,
    string? ChartVersion,
    string CoderVersion,
    string AccessUrl,
    LoadBalancerState? LoadBalancer,
    IReadOnlyList<TemplateState> Templates,
    string? SpecDigest = null,
    DateTimeOffset? DestroyedAt = null);
