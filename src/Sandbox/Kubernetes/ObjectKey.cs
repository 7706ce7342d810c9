namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>Identity of a stored object; <see cref="Namespace"/> is empty for cluster-scoped kinds.</summary>
internal readonly record struct ObjectKey(ResourceKind Kind, string Namespace, string Name);
