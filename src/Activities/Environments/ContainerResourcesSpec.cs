namespace CoderBootstrap.Activities.Environments;

/// <summary>Kubernetes requests and limits of the Coder container.</summary>
public sealed record ContainerResourcesSpec(ResourceQuantities Requests, ResourceQuantities Limits);
