using System.Text.Json.Serialization;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// A fault armed for one operation (or an operation prefix ending in <c>*</c>; <c>*</c> alone is
/// every call): an HTTP failure answered <see cref="Count"/> times (every time when <c>null</c>),
/// and/or latency added to each call. With <see cref="Probability"/>, each matching call fails only
/// with that chance, drawn from a generator seeded with <see cref="Seed"/> (the same seed gives the
/// same sequence of draws), with <see cref="Status"/> or one of <see cref="Statuses"/> at random.
/// A rule with no status only adds latency. The sandbox's own work (<see cref="SandboxWork"/>, such
/// as Coder's template import job) is not a client's call: only a rule naming it exactly fails it,
/// never a wildcard, so "every call fails at random" does not turn into broken templates.
/// </summary>
public sealed record SandboxFaultRule
{
    [JsonPropertyName("operation")]
    public required string Operation { get; init; }

    [JsonPropertyName("status")]
    public int? Status { get; init; }

    /// <summary>Statuses drawn from at random for each failure, e.g. 429 and 503 (instead of <see cref="Status"/>).</summary>
    [JsonPropertyName("statuses")]
    public IReadOnlyList<int>? Statuses { get; init; }

    /// <summary>The chance (0 &lt; p ≤ 1) that a matching call fails; <c>null</c> fails every matching call.</summary>
    [JsonPropertyName("probability")]
    public double? Probability { get; init; }

    /// <summary>Seeds the draws of <see cref="Probability"/> and <see cref="Statuses"/>; <c>null</c> draws from an unseeded generator.</summary>
    [JsonPropertyName("seed")]
    public int? Seed { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>How many calls fail; <c>null</c> means every call fails (a permanent failure).</summary>
    [JsonPropertyName("count")]
    public int? Count { get; init; }

    [JsonPropertyName("latencyMs")]
    public int LatencyMs { get; init; }

    [JsonIgnore]
    public bool Fails => Status is not null || Statuses is { Count: > 0 };

    /// <summary>Operations the sandbox performs itself rather than answering a client (a failure there is a job's error, not a transient HTTP one).</summary>
    public static IReadOnlySet<string> SandboxWork { get; } = new HashSet<string>(StringComparer.Ordinal) { "coder.templateversions.import" };

    public bool Matches(string operation) =>
        Operation.EndsWith('*')
            ? !SandboxWork.Contains(operation) && operation.StartsWith(Operation[..^1], StringComparison.Ordinal)
            : string.Equals(Operation, operation, StringComparison.Ordinal);
}
