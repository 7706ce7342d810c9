using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Scaleway;

public sealed record ListBlockVolumesResponse(long TotalCount, IReadOnlyList<BlockVolume> Volumes) : IScalewayPage<BlockVolume>
{
    [JsonIgnore]
    public IReadOnlyList<BlockVolume> Items => Volumes ?? [];
}
