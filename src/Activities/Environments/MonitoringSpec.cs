namespace CoderBootstrap.Activities.Environments;

/// <summary>Whether the monitoring stack (Prometheus, Grafana) is installed.</summary>
public sealed record MonitoringSpec(bool Enabled);
