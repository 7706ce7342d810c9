namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>What the state store keeps of a cluster: its objects as JSON text and the resourceVersion counter.</summary>
internal sealed class PersistedCluster
{
    public string Name { get; set; } = "";

    public long ResourceVersion { get; set; }

    public bool Removed { get; set; }

    public List<string> Objects { get; set; } = [];
}
