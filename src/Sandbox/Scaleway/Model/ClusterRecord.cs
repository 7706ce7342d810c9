namespace CoderBootstrap.Sandbox.Scaleway.Model;

/// <summary>A Kapsule cluster. Its status is computed from the timestamps, so it progresses across restarts.</summary>
public sealed class ClusterRecord
{
    public required string Id { get; init; }
    public required string Region { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<string> Tags { get; set; } = [];
    public required string Version { get; init; }
    public required string Cni { get; init; }
    public required string PrivateNetworkId { get; init; }
    public List<string> FeatureGates { get; set; } = [];
    public List<string> AdmissionPlugins { get; set; } = [];
    public List<string> ApiserverCertSans { get; set; } = [];
    public bool AutoUpgradeEnabled { get; set; }
    public required string AdminToken { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the control plane finishes creating.</summary>
    public DateTimeOffset ControlPlaneReadyAt { get; init; }

    /// <summary>Created with pools in the request: it reports <c>ready</c> while they scale; otherwise <c>pool_required</c> until a pool is ready.</summary>
    public bool CreatedWithPools { get; init; }

    public DateTimeOffset? DeletingSince { get; set; }
    public DateTimeOffset? GoneAt { get; set; }
    public bool DeleteAdditionalResources { get; set; }
}
