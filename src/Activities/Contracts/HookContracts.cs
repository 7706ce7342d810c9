using System.Text.Json.Serialization;

namespace CoderBootstrap.Activities.Contracts;

/// <summary>Which hook to look up, with the run's spec snapshot (its <c>hooks.timeout</c>): never the file on disk again.</summary>
public sealed record DescribeHookInput(SpecSnapshot Snapshot, string Hook) : IEnvironmentScoped
{
    [JsonIgnore]
    public string Environment => Snapshot.Environment;
}

/// <summary>Whether a hook exists and how long it may run, looked up before it runs so the progress line can show it.</summary>
public sealed record HookPlan(string Hook, bool Exists, TimeSpan Timeout, string TimeoutSource)
{
    public string Detail => Exists ? $"timeout {Setup.HookTimeouts.Format(Timeout)} ({TimeoutSource})" : "no hook";
}
