using System.Text.Json.Serialization;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>One request seen by the sandbox. <see cref="Operation"/> is null for requests no operation handled (e.g. refused authentication).</summary>
public sealed record RequestLogEntry(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("operation")] string? Operation,
    [property: JsonPropertyName("method")] string? Method,
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("mutation")] bool Mutation,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("faulted")] bool Faulted);
