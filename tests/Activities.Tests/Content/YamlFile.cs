using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Tests.Content;

/// <summary>Loads YAML files as mapping documents and navigates them by key.</summary>
internal static class YamlFile
{
    /// <summary>Every document of the text; each must be a mapping.</summary>
    public static IReadOnlyList<YamlMappingNode> LoadMappings(string text, string source)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(reader);
        }

        return stream.Documents
            .Select((document, index) => document.RootNode as YamlMappingNode
                ?? throw new InvalidDataException($"{source}: document {index + 1} is not a mapping"))
            .ToList();
    }

    public static IReadOnlyList<YamlMappingNode> LoadMappings(string path) =>
        LoadMappings(File.ReadAllText(path), RepositoryLayout.RelativePath(path));

    public static YamlNode? Child(this YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Mapping(this YamlMappingNode mapping, string key) =>
        mapping.Child(key) as YamlMappingNode;

    public static YamlSequenceNode? Sequence(this YamlMappingNode mapping, string key) =>
        mapping.Child(key) as YamlSequenceNode;

    public static string? Scalar(this YamlMappingNode mapping, string key) =>
        (mapping.Child(key) as YamlScalarNode)?.Value;

    /// <summary>Follows a path of mapping keys; null when any step is missing or not a mapping.</summary>
    public static YamlMappingNode? MappingAt(this YamlMappingNode mapping, params string[] keys)
    {
        YamlMappingNode? current = mapping;
        foreach (var key in keys)
        {
            current = current?.Mapping(key);
        }

        return current;
    }

    public static IEnumerable<YamlMappingNode> Mappings(this YamlSequenceNode? sequence) =>
        sequence?.Children.OfType<YamlMappingNode>() ?? [];

    public static IEnumerable<string> Scalars(this YamlSequenceNode? sequence) =>
        sequence?.Children.OfType<YamlScalarNode>().Select(scalar => scalar.Value ?? "") ?? [];
}
