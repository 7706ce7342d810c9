namespace CoderBootstrap.Sandbox.Scaleway.Model;

public sealed class NodeRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string InstanceId { get; init; }
    public required string PublicIp { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ReadyAt { get; init; }
}
