namespace CoderBootstrap.Sandbox.Scaleway.Model;

public sealed class PrivateNetworkRecord
{
    public required string Id { get; init; }
    public required string Region { get; init; }
    public required string ProjectId { get; init; }
    public required string VpcId { get; init; }
    public required string Name { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<SubnetRecord> Subnets { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Until when deletes still answer transient_state after a cluster or database left the network.</summary>
    public DateTimeOffset? ReleasingUntil { get; set; }
}

public sealed record SubnetRecord(string Id, string Subnet);
