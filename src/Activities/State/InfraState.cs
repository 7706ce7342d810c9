namespace CoderBootstrap.Activities.State;

/// <summary>
/// Outputs of phase 1 that phase 2 reads (the specification's remote state). Parts are null until
/// the step that produces them has finished. Never holds a secret: the database password lives
/// in an object only the activities read, referenced by <see cref="DatabaseState.CredentialsObjectKey"/>.
/// <see cref="SpecDigest"/> names the environment spec the run that wrote it applied.
/// </summary>
public sealed record InfraState(
    string Environment,
    string Region,
    string Zone,
    string ProjectId,
    NetworkState? Network,
    ClusterState? Cluster,
    DatabaseState? Database,
    KubeconfigState? Kubeconfig,
    string? SpecDigest = null,
    DateTimeOffset? DestroyedAt = null);
