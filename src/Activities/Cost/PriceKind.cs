namespace CoderBootstrap.Activities.Cost;

/// <summary>What a catalog price is charged for.</summary>
public enum PriceKind
{
    KubernetesNode,
    DatabaseNode,
    LoadBalancer,
    BlockStorage,
}
