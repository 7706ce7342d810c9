namespace CoderBootstrap.Workflows;

public enum StepState
{
    Pending,
    Running,
    Completed,
    Skipped,
    Failed,
    Waiting,
}

/// <summary>One step of a run as the <c>status</c> query shows it.</summary>
public sealed record StepStatus(string Name, StepState State, DateTime? StartedAt, DateTime? CompletedAt, string? Detail)
{
    public TimeSpan? Duration => StartedAt is { } start && CompletedAt is { } end ? end - start : null;
}

/// <summary>What a run is doing: its phase, its steps with their state and timing, and the digest of the spec it applies (once loaded).</summary>
public sealed record RunStatus(string Environment, string Kind, string Phase, IReadOnlyList<StepStatus> Steps, string? SpecDigest = null)
{
    public int Completed => Steps.Count(s => s.State is StepState.Completed or StepState.Skipped);
}
