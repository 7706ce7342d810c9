namespace CoderBootstrap.Sandbox.Scaleway.Model;

public sealed class PoolRecord
{
    public required string Id { get; init; }
    public required string ClusterId { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    public required string NodeType { get; init; }
    public int Size { get; set; }
    public int MinSize { get; set; }
    public int MaxSize { get; set; }
    public bool Autoscaling { get; set; }
    public bool Autohealing { get; set; }
    public List<string> Tags { get; set; } = [];
    public Dictionary<string, string> Labels { get; set; } = [];
    public required string Zone { get; init; }
    public required string RootVolumeType { get; init; }
    public long RootVolumeSize { get; init; }
    public required string Version { get; init; }
    public required string SecurityGroupId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the current scaling (creation or resize) completes.</summary>
    public DateTimeOffset ReadyAt { get; set; }

    /// <summary>When the pool first became ready (a later resize makes it scale again but it has nodes).</summary>
    public DateTimeOffset FirstReadyAt { get; init; }

    public DateTimeOffset? DeletingSince { get; set; }
    public DateTimeOffset? GoneAt { get; set; }
    public List<NodeRecord> Nodes { get; set; } = [];
}
