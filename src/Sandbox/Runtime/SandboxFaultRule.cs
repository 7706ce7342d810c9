using System.Text.Json.Serialization;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// A fault armed for one operation (or an operation prefix ending in <c>*</c>): an HTTP failure
/// answered <see cref="Count"/> times (every time when <c>null</c>), and/or latency added to each call.
/// A rule with no <see cref="Status"/> only adds latency.
/// </summary>
public sealed record SandboxFaultRule
{
    [JsonPropertyName("operation")]
    public required string Operation { get; init; }

    [JsonPropertyName("status")]
    public int? Status { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>How many calls fail; <c>null</c> means every call fails (a permanent failure).</summary>
    [JsonPropertyName("count")]
    public int? Count { get; init; }

    [JsonPropertyName("latencyMs")]
    public int LatencyMs { get; init; }

    public bool Matches(string operation) =>
        Operation.EndsWith('*')
            ? operation.StartsWith(Operation[..^1], StringComparison.Ordinal)
            : string.Equals(Operation, operation, StringComparison.Ordinal);
}
