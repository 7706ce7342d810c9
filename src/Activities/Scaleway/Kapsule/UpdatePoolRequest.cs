namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Body of PATCH /k8s/v1/regions/{region}/pools/{id}; absent fields stay unchanged.</summary>
public sealed record UpdatePoolRequest(int? Size = null, bool? Autoscaling = null, int? MinSize = null, int? MaxSize = null, bool? Autohealing = null, IReadOnlyList<string>? Tags = null);
