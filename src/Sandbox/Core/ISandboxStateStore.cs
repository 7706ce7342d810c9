namespace CoderBootstrap.Sandbox.Core;

/// <summary>Keyed JSON documents that survive a restart of the sandbox when it has a state directory.</summary>
public interface ISandboxStateStore
{
    T? Load<T>(string key) where T : class;

    void Save<T>(string key, T value) where T : class;
}
