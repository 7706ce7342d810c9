namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Database instance status values of the RDB API.</summary>
public static class DatabaseInstanceStatus
{
    public const string Provisioning = "provisioning";
    public const string Initializing = "initializing";
    public const string Configuring = "configuring";
    public const string Ready = "ready";
    public const string Deleting = "deleting";
    public const string Error = "error";
    public const string Locked = "locked";
}
