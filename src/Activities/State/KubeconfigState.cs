namespace CoderBootstrap.Activities.State;

/// <summary>Where the kubeconfig was published (private object); the content itself is never in state.</summary>
public sealed record KubeconfigState(string Bucket, string ObjectKey, DateTimeOffset PublishedAt);
