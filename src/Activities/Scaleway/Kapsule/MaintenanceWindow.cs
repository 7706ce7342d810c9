namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Start hour (UTC) and day ("any", "monday", ...) of a cluster's maintenance window.</summary>
public sealed record MaintenanceWindow(int StartHour, string Day);
