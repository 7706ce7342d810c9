namespace CoderBootstrap.Activities.Environments;

/// <summary>The optional <c>hooks</c> section: how long any hook of the environment may run (hooks/&lt;name&gt;.timeout wins).</summary>
public sealed record HooksSpec(TimeSpan? Timeout);
