namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Cluster-wide autoscaler settings (a subset of the API's fields).</summary>
public sealed record ClusterAutoscalerConfig(
    bool? ScaleDownDisabled,
    string? ScaleDownDelayAfterAdd,
    string? ScaleDownUnneededTime,
    string? Estimator,
    string? Expander,
    double? ScaleDownUtilizationThreshold,
    int? MaxGracefulTerminationSec);
