namespace CoderBootstrap.Workflows;

/// <summary>
/// Task queue, kinds of run and their workflow ids. The id is <c>&lt;kind&gt;-&lt;environment&gt;</c>,
/// so the server refuses a second run of the same kind while one runs; the Starter also refuses a
/// run of any kind while a run of another kind of the same environment is running (one run per
/// environment at a time). A new workflow adds its kind to <see cref="Kinds"/>.
/// </summary>
public static class WorkflowNames
{
    public const string TaskQueue = "coder-bootstrap";

    /// <summary>Every kind of run on an environment; a setup comes before the phase runs it starts, so a conflict names the setup.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["setup", "infra", "coder", "teardown", "backup", "restore", "scale"];

    public static string For(string kind, string environment) => $"{kind}-{environment}";

    /// <summary>The workflow ids of every kind of run on <paramref name="environment"/>, in the order of <see cref="Kinds"/>.</summary>
    public static IEnumerable<string> AllFor(string environment) => Kinds.Select(kind => For(kind, environment));

    public static string Setup(string environment) => For("setup", environment);

    public static string Infra(string environment) => For("infra", environment);

    public static string Coder(string environment) => For("coder", environment);

    public static string Backup(string environment) => For("backup", environment);

    public static string Restore(string environment) => For("restore", environment);

    public static string VerifyBackup(string environment) => $"verify-backup-{environment}";

    public static string Teardown(string environment) => For("teardown", environment);

    /// <summary>The scheduled cost check (not in <see cref="Kinds"/>: it only reads and records, so it never holds the environment).</summary>
    public static string Cost(string environment) => $"cost-{environment}";

    public static string Scale(string environment) => For("scale", environment);

    /// <summary>The ids of every schedule an environment may have (the schedule id is also the scheduled workflow's id prefix).</summary>
    public static IReadOnlyList<string> Schedules(string environment) => [Backup(environment), Cost(environment)];

    /// <summary>The TTL of a review environment (not in <see cref="Kinds"/>: it only waits, so a backup or teardown runs meanwhile).</summary>
    public static string Ttl(string environment) => $"ttl-{environment}";
}
