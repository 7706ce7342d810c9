namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Pool status values of the Kapsule API; "ready" and "warning" both count as usable.</summary>
public static class PoolStatus
{
    public const string Ready = "ready";
    public const string Warning = "warning";
    public const string Scaling = "scaling";
    public const string Deleting = "deleting";
    public const string Upgrading = "upgrading";
    public const string Locked = "locked";
}
