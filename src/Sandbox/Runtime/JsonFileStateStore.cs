using System.Text.Json;
using CoderBootstrap.Sandbox.Core;

namespace CoderBootstrap.Sandbox.Runtime;

/// <summary>
/// One JSON file per key in the state directory, written atomically (temporary file, then rename)
/// so a sandbox killed mid-write never leaves a truncated document.
/// </summary>
public sealed class JsonFileStateStore : ISandboxStateStore
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _gate = new();

    public JsonFileStateStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public T? Load<T>(string key) where T : class
    {
        var path = PathFor(key);
        lock (_gate)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Options);
        }
    }

    public void Save<T>(string key, T value) where T : class
    {
        var path = PathFor(key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        lock (_gate)
        {
            using (var stream = File.Create(temporary))
            {
                JsonSerializer.Serialize(stream, value, Options);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
    }

    private string PathFor(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || key.StartsWith('.'))
        {
            throw new ArgumentException($"State key '{key}' may only hold letters, digits, '-', '_' and '.'.", nameof(key));
        }

        return Path.Combine(Directory, key + ".json");
    }
}
