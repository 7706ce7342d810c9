namespace CoderBootstrap.Activities.Environments;

/// <summary>The Coder deployment of phase 2.</summary>
public sealed record CoderSpec(
    string Version,
    string Namespace,
    string AccessUrl,
    string? WildcardAccessUrl,
    int Replicas,
    ContainerResourcesSpec Resources,
    OAuthSpec OAuth);
