using System.Collections.Concurrent;
using System.Text.Json;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Support;

/// <summary>
/// State store for tests: documents round-trip through JSON (so state that does not serialize fails
/// here as it would in the real store), kept as files in <paramref name="directory"/> when given so a
/// second store on the same folder sees them, like a restarted sandbox.
/// </summary>
public sealed class TestStateStore(string? directory = null) : ISandboxStateStore
{
    // The sandbox's file store serializes with the web defaults (camelCase); round-trip the same way.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private readonly Lock _fileGate = new();

    public IReadOnlyCollection<string> Keys => directory is null
        ? _documents.Keys.ToList()
        : Directory.GetFiles(directory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).ToList();

    public T? Load<T>(string key) where T : class
    {
        if (directory is null)
        {
            return _documents.TryGetValue(key, out var json) ? JsonSerializer.Deserialize<T>(json, Options) : null;
        }

        lock (_fileGate)
        {
            var path = PathOf(key);
            return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) : null;
        }
    }

    public void Save<T>(string key, T value) where T : class
    {
        var json = JsonSerializer.Serialize(value, Options);
        if (directory is null)
        {
            _documents[key] = json;
            return;
        }

        lock (_fileGate)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(PathOf(key), json);
        }
    }

    public string ReadRaw(string key) => directory is null ? _documents[key] : File.ReadAllText(PathOf(key));

    private string PathOf(string key) => Path.Combine(directory!, key + ".json");
}
