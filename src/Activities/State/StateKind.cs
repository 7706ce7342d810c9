namespace CoderBootstrap.Activities.State;

/// <summary>The two state documents of an environment, one per deployment phase.</summary>
public enum StateKind
{
    /// <summary>Phase 1: network, cluster, database, kubeconfig location.</summary>
    Infra,

    /// <summary>Phase 2: the Coder deployment and its templates.</summary>
    Coder,

    /// <summary>Cost operations: the budget and thresholds set with `starter cost --set-budget`, the notifications sent, the cost checks.</summary>
    Cost,
}
