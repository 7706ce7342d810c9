using System.Collections.Concurrent;
using System.Text.Json;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>
/// A state store that serialises to JSON text like the file-backed one (web defaults) and enforces its key
/// rule (letters, digits, '-', '_', '.'), so round trips and keys are checked for real.
/// </summary>
internal sealed class InMemoryStateStore : ISandboxStateStore
{
    private readonly ConcurrentDictionary<string, string> _documents = new();

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public T? Load<T>(string key) where T : class =>
        _documents.TryGetValue(ValidKey(key), out var json) ? JsonSerializer.Deserialize<T>(json, Options) : null;

    public void Save<T>(string key, T value) where T : class => _documents[ValidKey(key)] = JsonSerializer.Serialize(value, Options);

    private static string ValidKey(string key)
    {
        if (key.Length == 0 || key.StartsWith('.') || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"State key '{key}' may only hold letters, digits, '-', '_' and '.'.", nameof(key));
        }

        return key;
    }

    public IReadOnlyList<string> AllDocuments() => _documents.Values.ToList();
}
