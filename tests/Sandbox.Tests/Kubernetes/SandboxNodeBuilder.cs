using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>Builds a pool node as the Kapsule emulation reports it.</summary>
internal sealed record SandboxNodeBuilder(string Name, string PoolName)
{
    public SandboxNode Build() => new(Name, PoolName, "GP1-XS", $"scaleway://instance/fr-par-2/{Guid.NewGuid()}");
}
