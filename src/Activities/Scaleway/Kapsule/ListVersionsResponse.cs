namespace CoderBootstrap.Activities.Scaleway;

/// <summary>GET /k8s/v1/regions/{region}/versions (not paginated, no total_count).</summary>
public sealed record ListVersionsResponse(IReadOnlyList<KubernetesVersion> Versions);
