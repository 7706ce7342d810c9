using System.Collections.Concurrent;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>Records which services got a Scaleway load balancer, as the lb/v1 emulation would hold them.</summary>
internal sealed class RecordingLoadBalancers : ISandboxLoadBalancers
{
    public ConcurrentDictionary<string, string> AddressByService { get; } = new();

    public ConcurrentQueue<string> Removed { get; } = new();

    public string EnsureForService(string clusterId, string serviceNamespace, string serviceName, string ipAddress)
    {
        AddressByService[$"{clusterId}/{serviceNamespace}/{serviceName}"] = ipAddress;
        return $"fr-par-1/lb-{serviceName}";
    }

    public void RemoveForService(string clusterId, string serviceNamespace, string serviceName)
    {
        AddressByService.TryRemove($"{clusterId}/{serviceNamespace}/{serviceName}", out _);
        Removed.Enqueue($"{clusterId}/{serviceNamespace}/{serviceName}");
    }
}
