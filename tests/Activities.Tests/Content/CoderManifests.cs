using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Tests.Content;

/// <summary>The manifests under deploy/coder and the placeholder table of its README.</summary>
internal static partial class CoderManifests
{
    public static string Directory => RepositoryLayout.PathOf("deploy", "coder");

    public static IEnumerable<string> FileNames() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory)
                .Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
            : [];

    public static string Text(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName));

    /// <summary>The single object of a manifest file, placeholders left as they are.</summary>
    public static YamlMappingNode Load(string fileName) =>
        Assert.Single(YamlFile.LoadMappings(Path.Combine(Directory, fileName)));

    /// <summary>Every <c>${...}</c> occurrence's content, whatever its spelling.</summary>
    public static IReadOnlyList<string> PlaceholdersIn(string text) =>
        Placeholder().Matches(text).Select(match => match.Groups["name"].Value).ToList();

    /// <summary>Placeholder name to the example value given in the README table.</summary>
    public static IReadOnlyDictionary<string, string> DocumentedPlaceholders()
    {
        var readme = File.ReadAllText(Path.Combine(Directory, "README.md"));
        return PlaceholderRow().Matches(readme)
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["example"].Value);
    }

    public static string Substitute(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, match =>
            values.TryGetValue(match.Groups["name"].Value, out var value) ? value : match.Value);

    [GeneratedRegex(@"\$\{(?<name>[^}]*)\}")]
    private static partial Regex Placeholder();

    // | `${NAME}` | meaning | `example` |
    [GeneratedRegex(@"^\|\s*`\$\{(?<name>[A-Z][A-Z0-9_]*)\}`\s*\|[^\n]*\|\s*`(?<example>[^`]*)`\s*\|\s*$", RegexOptions.Multiline)]
    private static partial Regex PlaceholderRow();
}
