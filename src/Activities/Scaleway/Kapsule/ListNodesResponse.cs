using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListNodesResponse(long TotalCount, IReadOnlyList<Node> Nodes) : IScalewayPage<Node>
{
    [JsonIgnore]
    public IReadOnlyList<Node> Items => Nodes ?? [];
}
