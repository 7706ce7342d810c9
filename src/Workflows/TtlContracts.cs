namespace CoderBootstrap.Workflows;

/// <summary>The TTL of a review environment: tear it down (with its pre-destroy backup) at <see cref="Deadline"/> (UTC).</summary>
public sealed record TtlInput(string Environment, DateTime Deadline, double? RetryScale = null, int RetentionDays = TeardownInput.DefaultRetentionDays);

/// <summary>What <c>starter status</c> and <c>starter ttl</c> show: the deadline and whether the run still waits for it.</summary>
public sealed record TtlStatus(string Environment, DateTime Deadline, string State);

/// <summary>The end of a TTL: <c>cancelled</c> (the environment stays) or <c>torn down</c> with the teardown's result.</summary>
public sealed record TtlResult(string Environment, string Outcome, DateTime Deadline, TeardownResult? Teardown);
