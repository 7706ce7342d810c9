using YamlDotNet.RepresentationModel;

namespace CoderBootstrap.Activities.Tests.Content;

/// <summary>A workflow file under .github/workflows, parsed.</summary>
internal sealed class GitHubWorkflow
{
    private GitHubWorkflow(string fileName, YamlMappingNode root)
    {
        FileName = fileName;
        Root = root;
    }

    public static string Directory => RepositoryLayout.PathOf(".github", "workflows");

    public string FileName { get; }

    public YamlMappingNode Root { get; }

    /// <summary>The <c>on</c> section; YamlDotNet keeps the key as the string "on".</summary>
    public YamlNode? Triggers => Root.Child("on");

    public IReadOnlyDictionary<string, YamlMappingNode> Jobs =>
        (Root.Mapping("jobs")?.Children.AsEnumerable() ?? [])
            .Where(pair => pair.Value is YamlMappingNode)
            .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => (YamlMappingNode)pair.Value);

    public YamlMappingNode? DispatchInputs => (Triggers as YamlMappingNode)?.MappingAt("workflow_dispatch", "inputs");

    public static IEnumerable<string> FileNames() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory)
                .Where(path => path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
            : [];

    public static GitHubWorkflow Load(string fileName) =>
        new(fileName, Assert.Single(YamlFile.LoadMappings(Path.Combine(Directory, fileName))));

    public static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) => job.Sequence("steps").Mappings();

    /// <summary>The shell text of every <c>run</c> step of every job.</summary>
    public IEnumerable<string> RunScripts() =>
        Jobs.Values.SelectMany(Steps).Select(step => step.Scalar("run")).OfType<string>();

    public override string ToString() => FileName;
}
