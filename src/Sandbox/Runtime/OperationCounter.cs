using System.Text.Json.Serialization;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>How often one operation was called, split between reads and mutations, and how many calls an injected fault answered.</summary>
public sealed record OperationCounter(
    [property: JsonPropertyName("reads")] long Reads,
    [property: JsonPropertyName("mutations")] long Mutations,
    [property: JsonPropertyName("faulted")] long Faulted);
