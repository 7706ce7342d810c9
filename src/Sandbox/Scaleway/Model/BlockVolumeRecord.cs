namespace CoderBootstrap.Sandbox.Scaleway.Model;

/// <summary>A Block Storage (SBS) volume a sandbox cluster's CSI driver made for a persistent volume.</summary>
public sealed class BlockVolumeRecord
{
    public required string Id { get; init; }
    public required string Zone { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; init; }
    public required long SizeBytes { get; init; }
    public required string ClusterId { get; init; }
    public List<string> Tags { get; set; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset AvailableAt { get; init; }

    /// <summary>Attached to a node of its cluster (its persistent volume exists); null once detached.</summary>
    public DateTimeOffset? AttachedAt { get; set; }
    public DateTimeOffset? LastDetachedAt { get; set; }
    public DateTimeOffset? DeletingSince { get; set; }
    public DateTimeOffset? GoneAt { get; set; }
}
