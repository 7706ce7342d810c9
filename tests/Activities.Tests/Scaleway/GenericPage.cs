using System.Text.Json;
using System.Text.Json.Serialization;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Tests.Scaleway;

/// <summary>Page shapes of Scaleway products the client has no typed API for, used to exercise the generic list helper.</summary>
internal static class GenericPage
{
    public sealed record Policies(long TotalCount, [property: JsonPropertyName("policies")] IReadOnlyList<JsonElement> Entries) : IScalewayPage<JsonElement>
    {
        [JsonIgnore]
        public IReadOnlyList<JsonElement> Items => Entries ?? [];
    }

    public sealed record Instances(long TotalCount, [property: JsonPropertyName("instances")] IReadOnlyList<JsonElement> Entries) : IScalewayPage<JsonElement>
    {
        [JsonIgnore]
        public IReadOnlyList<JsonElement> Items => Entries ?? [];
    }

    public sealed record Images(long TotalCount, [property: JsonPropertyName("images")] IReadOnlyList<JsonElement> Entries) : IScalewayPage<JsonElement>
    {
        [JsonIgnore]
        public IReadOnlyList<JsonElement> Items => Entries ?? [];
    }
}
