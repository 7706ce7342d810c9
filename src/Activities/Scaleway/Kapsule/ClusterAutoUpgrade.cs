namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Automatic patch upgrades of a cluster and their maintenance window.</summary>
public sealed record ClusterAutoUpgrade(bool Enabled, MaintenanceWindow? MaintenanceWindow);
