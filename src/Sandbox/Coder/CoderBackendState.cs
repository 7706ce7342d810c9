namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Whether the cluster's Coder deployment is available and the environment it runs with, swapped atomically.</summary>
internal sealed class CoderBackendState
{
    private Snapshot _current = new(false, new Dictionary<string, string>());

    public Snapshot Current => Volatile.Read(ref _current);

    public void Set(bool available, IReadOnlyDictionary<string, string> environment) =>
        Volatile.Write(ref _current, new Snapshot(available, new Dictionary<string, string>(environment, StringComparer.Ordinal)));

    internal sealed record Snapshot(bool Available, IReadOnlyDictionary<string, string> Environment)
    {
        public string Get(string name) => Environment.TryGetValue(name, out var value) ? value : "";
    }
}
