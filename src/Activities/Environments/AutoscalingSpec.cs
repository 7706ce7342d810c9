namespace CoderBootstrap.Activities.Environments;

/// <summary>Node pool autoscaling bounds; when disabled the bounds equal the pool size.</summary>
public sealed record AutoscalingSpec(bool Enabled, int MinSize, int MaxSize);
