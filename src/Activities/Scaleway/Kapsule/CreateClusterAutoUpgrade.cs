namespace CoderBootstrap.Activities.Scaleway;

/// <summary>auto_upgrade of a create-cluster request.</summary>
public sealed record CreateClusterAutoUpgrade(bool Enable, MaintenanceWindow MaintenanceWindow);
