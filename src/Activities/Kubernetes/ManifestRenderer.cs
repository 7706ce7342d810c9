using System.Text.RegularExpressions;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>
/// Renders the <c>deploy/coder</c> manifests: replaces every <c>${NAME}</c> placeholder with its
/// value and refuses a manifest that still holds a placeholder afterwards, or a value that would
/// change the YAML structure.
/// </summary>
public sealed partial class ManifestRenderer
{
    private readonly string _directory;

    public ManifestRenderer(string manifestsDirectory) => _directory = manifestsDirectory;

    public RenderedManifest Render(string fileName, IReadOnlyDictionary<string, string> values)
    {
        var path = Path.Combine(_directory, fileName);
        if (!File.Exists(path))
        {
            throw new ManifestException($"manifest {fileName} not found in {_directory}");
        }

        var text = Substitute(File.ReadAllText(path), values, fileName);
        return RenderedManifest.FromBody(YamlManifestConverter.ToJsonObject(text), fileName);
    }

    /// <summary>Replaces known placeholders; throws naming every placeholder left without a value.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var result = Placeholder().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (!values.TryGetValue(name, out var value))
            {
                missing.Add(name);
                return match.Value;
            }

            if (value.IndexOfAny(['"', '\n', '\r', '\\']) >= 0)
            {
                throw new ManifestException($"{source}: the value of ${{{name}}} contains a quote, backslash or line break");
            }

            return value;
        });
        if (missing.Count > 0)
        {
            throw new ManifestException($"{source}: placeholder{(missing.Count > 1 ? "s" : "")} left without a value: {string.Join(", ", missing.Select(m => "${" + m + "}"))}");
        }

        return result;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Placeholder();
}
