using System.Collections.Concurrent;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

/// <summary>A test double of the Kubernetes emulation that records what the Kapsule API tells it.</summary>
public sealed class RecordingKubernetes : ISandboxKubernetes
{
    public ConcurrentDictionary<string, string> Registered { get; } = new();

    public ConcurrentDictionary<string, IReadOnlyList<SandboxNode>> Nodes { get; } = new();

    public ConcurrentBag<string> Removed { get; } = [];

    public static string UrlFor(string clusterId) => $"https://kubernetes-double.test/{clusterId}";

    public string RegisterCluster(string clusterId, string clusterName, string bearerToken, string kubernetesVersion)
    {
        Registered[clusterId] = bearerToken;
        return UrlFor(clusterId);
    }

    public void SetNodes(string clusterId, IReadOnlyList<SandboxNode> nodes) => Nodes[clusterId] = nodes;

    public void RemoveCluster(string clusterId) => Removed.Add(clusterId);
}
