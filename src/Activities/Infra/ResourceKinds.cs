namespace CoderBootstrap.Activities.Infra;

/// <summary>The <see cref="Contracts.PlannedResource.Kind"/> values of a phase-1 plan.</summary>
public static class ResourceKinds
{
    public const string PrivateNetwork = "private_network";
    public const string Cluster = "cluster";
    public const string NodePool = "pool";
    public const string DatabaseInstance = "database_instance";
}
