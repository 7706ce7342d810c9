namespace CoderBootstrap.Activities.Contracts;

/// <summary>Whether a hook exists and how long it may run, looked up before it runs so the progress line can show it.</summary>
public sealed record HookPlan(string Hook, bool Exists, TimeSpan Timeout, string TimeoutSource)
{
    public string Detail => Exists ? $"timeout {Setup.HookTimeouts.Format(Timeout)} ({TimeoutSource})" : "no hook";
}
