namespace CoderBootstrap.Sandbox.Scaleway.Model;

public sealed class VpcRecord
{
    public required string Id { get; init; }
    public required string Region { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; set; }
    public List<string> Tags { get; set; } = [];
    public bool IsDefault { get; init; }
    public bool RoutingEnabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
