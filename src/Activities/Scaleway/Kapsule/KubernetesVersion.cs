namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A Kubernetes version offered by Kapsule with what it supports.</summary>
public sealed record KubernetesVersion(
    string Name,
    string? Label,
    string? Region,
    IReadOnlyList<string>? AvailableCnis,
    IReadOnlyList<string>? AvailableContainerRuntimes,
    IReadOnlyList<string>? AvailableFeatureGates,
    IReadOnlyList<string>? AvailableAdmissionPlugins,
    IReadOnlyDictionary<string, string>? AvailableKubeletArgs,
    DateTimeOffset? DeprecatedAt,
    DateTimeOffset? EndOfLifeAt,
    DateTimeOffset? ReleasedAt);
