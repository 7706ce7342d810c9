using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>
/// What every resource of one cluster's emulated Coder shares: the cluster's document (read and
/// changed under <see cref="Gate"/>, saved after every change), the clock and the deployment's environment.
/// </summary>
internal sealed class CoderClusterState(string clusterId, ISandboxRuntime runtime, CoderBackendState backend)
{
    private const string DefaultVersion = "v2.27.1";

    private readonly string _stateKey = "coder.cluster." + clusterId;

    public Lock Gate { get; } = new();

    public ISandboxRuntime Runtime { get; } = runtime;

    public CoderBackendState Backend { get; } = backend;

    public CoderClusterDocument Document { get; } = runtime.State.Load<CoderClusterDocument>("coder.cluster." + clusterId) ?? new CoderClusterDocument();

    public DateTimeOffset Now() => Runtime.Time.GetUtcNow();

    /// <summary>Saves the document; call with <see cref="Gate"/> held.</summary>
    public void Persist() => Runtime.State.Save(_stateKey, Document);

    public T Read<T>(Func<CoderClusterDocument, T> read)
    {
        lock (Gate)
        {
            return read(Document);
        }
    }

    public string CoderVersion()
    {
        var version = Backend.Current.Get("CODER_VERSION");
        return version.Length > 0 ? version : DefaultVersion;
    }
}
