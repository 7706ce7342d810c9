using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>The state store of a sandbox without a state directory: nothing survives a restart.</summary>
public sealed class NullStateStore : ISandboxStateStore
{
    public static readonly NullStateStore Instance = new();

    public T? Load<T>(string key) where T : class => null;

    public void Save<T>(string key, T value) where T : class
    {
    }
}
