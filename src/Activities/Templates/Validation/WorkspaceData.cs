using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>A coder_parameter as a data file declares it: the literal values the rules check, and its line.</summary>
internal sealed record TemplateParameter(int Line, string? Name, string? Type, string? Default, IReadOnlyList<string?> Options, ParameterValidation? Validation, string? Env);

/// <summary>A parameter's validation: numeric bounds or a regex, and the error shown when it fails.</summary>
internal sealed record ParameterValidation(string? Min, string? Max, string? Regex, string? Error);

/// <summary>
/// A YAML data file of the templates, read with the line of every node: a template's
/// <see cref="TemplateFile"/> (what its workspaces have of their own) or a shared module's
/// <see cref="ModuleFile"/> (the parameters every workspace has).
/// </summary>
internal sealed class WorkspaceData
{
    public const string TemplateFile = "workspace.yaml";

    public const string ModuleFile = "parameters.yaml";

    private WorkspaceData(string path, YamlMappingNode root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    public YamlMappingNode Root { get; }

    /// <summary>The file, or null when it is absent or is not one YAML mapping (<paramref name="reportError"/> gets the line and why).</summary>
    public static WorkspaceData? Load(string path, Action<int, string>? reportError = null)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlException error)
        {
            reportError?.Invoke((int)error.Start.Line, "not valid YAML: " + error.Message.ReplaceLineEndings(" "));
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            reportError?.Invoke(1, "expected one YAML document whose top level is a mapping of fields");
            return null;
        }

        return new WorkspaceData(path, root);
    }

    /// <summary>The top-level fields with the line of each key.</summary>
    public IEnumerable<(string Key, YamlNode Value, int Line)> Fields =>
        Root.Children.Select(entry => (Text(entry.Key) ?? "", entry.Value, LineOf(entry.Key)));

    public YamlNode? Field(string key) => Child(Root, key);

    /// <summary>The parameters listed under the given top-level fields (each a sequence of mappings).</summary>
    public IReadOnlyList<TemplateParameter> Parameters(IEnumerable<string> fields) =>
        fields.Select(Field).OfType<YamlSequenceNode>()
            .SelectMany(sequence => sequence.Children)
            .Select(node => node as YamlMappingNode ?? new YamlMappingNode())
            .Select(map => new TemplateParameter(LineOf(map), Scalar(map, "name"), Scalar(map, "type"), Scalar(map, "default"),
                Child(map, "options") is YamlSequenceNode options ? options.Children.Select(option => Scalar(option, "value")).ToList() : [],
                Child(map, "validation") is YamlMappingNode validation
                    ? new ParameterValidation(Scalar(validation, "min"), Scalar(validation, "max"), Scalar(validation, "regex"), Scalar(validation, "error"))
                    : null,
                Scalar(map, "env")))
            .ToList();

    public static int LineOf(YamlNode node) => (int)Math.Min(node.Start.Line, int.MaxValue);

    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(YamlNode? node, string key) => Text(Child(node, key));

    private static string? Text(YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;
}
