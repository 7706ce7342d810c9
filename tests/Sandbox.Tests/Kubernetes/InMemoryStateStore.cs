using System.Collections.Concurrent;
using System.Text.Json;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>A state store that serialises to JSON text like a file-backed one, so round trips are real.</summary>
internal sealed class InMemoryStateStore : ISandboxStateStore
{
    private readonly ConcurrentDictionary<string, string> _documents = new();

    public IReadOnlyCollection<string> Keys => _documents.Keys.ToList();

    public T? Load<T>(string key) where T : class =>
        _documents.TryGetValue(key, out var json) ? JsonSerializer.Deserialize<T>(json) : null;

    public void Save<T>(string key, T value) where T : class => _documents[key] = JsonSerializer.Serialize(value);

    public string? Raw(string key) => _documents.GetValueOrDefault(key);
}
