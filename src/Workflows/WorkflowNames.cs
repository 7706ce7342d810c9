namespace CoderBootstrap.Workflows;

/// <summary>
/// Task queue and workflow ids. The id is per environment and kind, so a second run of the same
/// kind on the same environment is refused by the server while one runs (the workflow id is the lock).
/// </summary>
public static class WorkflowNames
{
    public const string TaskQueue = "coder-bootstrap";

    public static string Setup(string environment) => $"setup-{environment}";

    public static string Infra(string environment) => $"infra-{environment}";

    public static string Coder(string environment) => $"coder-{environment}";

    public static string Backup(string environment) => $"backup-{environment}";

    public static string Restore(string environment) => $"restore-{environment}";

    public static string VerifyBackup(string environment) => $"verify-backup-{environment}";

    public static string Teardown(string environment) => $"teardown-{environment}";
}
