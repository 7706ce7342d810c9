namespace CoderBootstrap.Activities.Environments;

/// <summary>
/// The load balancer in front of Coder. It is created by the cluster's cloud controller from a
/// Service of type LoadBalancer; the type is passed as an annotation and priced by the calculator.
/// </summary>
public sealed record LoadBalancerSpec(string Type);
