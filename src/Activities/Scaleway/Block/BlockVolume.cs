namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// A Block Storage volume (GET /block/v1/zones/{zone}/volumes/{id}). Status: unknown, creating,
/// available, in_use, deleting, error, snapshotting, resizing, locked. Kapsule's CSI driver names
/// each one after its persistent volume (<c>pvc-{uid}</c>) and tags none.
/// </summary>
public sealed record BlockVolume(
    string Id,
    string Name,
    string Status,
    string? Type,
    long Size,
    string? Zone,
    string? ProjectId,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<BlockVolumeReference>? References,
    DateTimeOffset? CreatedAt)
{
    public const string InUse = "in_use";
    public const string Deleting = "deleting";
}

/// <summary>What a volume is attached to (an Instance server: a node of its cluster).</summary>
public sealed record BlockVolumeReference(string Id, string ProductResourceType, string ProductResourceId, string? Status);
