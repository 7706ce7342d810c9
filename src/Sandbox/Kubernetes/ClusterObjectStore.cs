using System.Globalization;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// The generic object store of one cluster: JSON objects by kind, namespace and name, with the
/// cluster-wide <c>resourceVersion</c> counter and a bounded history of changes for watches.
/// Not thread-safe: the owning cluster serialises access.
/// </summary>
internal sealed class ClusterObjectStore
{
    private const int HistoryLimit = 2000;

    private readonly Dictionary<ObjectKey, JsonObject> _objects = [];
    private readonly LinkedList<WatchEvent> _history = new();

    public long ResourceVersion { get; private set; }

    public event Action<WatchEvent>? Changed;

    public JsonObject? Find(ResourceKind kind, string ns, string name) =>
        _objects.GetValueOrDefault(new ObjectKey(kind, kind.Namespaced ? ns : "", name));

    /// <summary>Objects of a kind, in one namespace or (null) all, ordered by namespace then name like etcd keys.</summary>
    public IReadOnlyList<JsonObject> List(ResourceKind kind, string? ns) =>
        _objects
            .Where(pair => pair.Key.Kind == kind && (ns is null || pair.Key.Namespace == ns))
            .OrderBy(pair => pair.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.Name, StringComparer.Ordinal)
            .Select(pair => pair.Value)
            .ToList();

    public IEnumerable<(ObjectKey Key, JsonObject Object)> All() => _objects.Select(pair => (pair.Key, pair.Value));

    /// <summary>Stores (adds or replaces) an object, stamping the next resourceVersion; the stored instance is returned.</summary>
    public JsonObject Put(ResourceKind kind, JsonObject resource)
    {
        var key = KeyOf(kind, resource);
        var existed = _objects.ContainsKey(key);
        ResourceVersion++;
        JsonFields.Metadata(resource)["resourceVersion"] = ResourceVersion.ToString(CultureInfo.InvariantCulture);
        _objects[key] = resource;
        Record(new WatchEvent(ResourceVersion, existed ? "MODIFIED" : "ADDED", kind, (JsonObject)resource.DeepClone()));
        return resource;
    }

    public JsonObject? Remove(ResourceKind kind, string ns, string name)
    {
        var key = new ObjectKey(kind, kind.Namespaced ? ns : "", name);
        if (!_objects.Remove(key, out var removed))
        {
            return null;
        }

        ResourceVersion++;
        var final = (JsonObject)removed.DeepClone();
        JsonFields.Metadata(final)["resourceVersion"] = ResourceVersion.ToString(CultureInfo.InvariantCulture);
        Record(new WatchEvent(ResourceVersion, "DELETED", kind, final));
        return removed;
    }

    /// <summary>Changes after <paramref name="resourceVersion"/>, or null when the history no longer reaches back that far.</summary>
    public IReadOnlyList<WatchEvent>? EventsSince(long resourceVersion)
    {
        if (_history.First is { } oldest && oldest.Value.ResourceVersion > resourceVersion + 1 && resourceVersion < ResourceVersion)
        {
            return null;
        }

        return _history.Where(change => change.ResourceVersion > resourceVersion).ToList();
    }

    /// <summary>Loads persisted objects without recording history (used when a cluster is restored).</summary>
    public void Restore(long resourceVersion, IEnumerable<(ResourceKind Kind, JsonObject Object)> objects)
    {
        _objects.Clear();
        _history.Clear();
        foreach (var (kind, resource) in objects)
        {
            _objects[KeyOf(kind, resource)] = resource;
        }

        ResourceVersion = resourceVersion;
    }

    private static ObjectKey KeyOf(ResourceKind kind, JsonObject resource) =>
        new(kind, kind.Namespaced ? JsonFields.Namespace(resource) : "", JsonFields.Name(resource));

    private void Record(WatchEvent change)
    {
        _history.AddLast(change);
        if (_history.Count > HistoryLimit)
        {
            _history.RemoveFirst();
        }

        Changed?.Invoke(change);
    }
}
