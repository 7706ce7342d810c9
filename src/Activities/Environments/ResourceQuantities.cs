namespace CoderBootstrap.Activities.Environments;

/// <summary>A CPU and a memory quantity in Kubernetes notation (for example "500m" and "1Gi").</summary>
public sealed record ResourceQuantities(string Cpu, string Memory);
