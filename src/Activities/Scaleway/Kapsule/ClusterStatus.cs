namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Cluster status values of the Kapsule API.</summary>
public static class ClusterStatus
{
    public const string Creating = "creating";
    public const string Ready = "ready";
    public const string PoolRequired = "pool_required";
    public const string Updating = "updating";
    public const string Deleting = "deleting";
    public const string Locked = "locked";
}
