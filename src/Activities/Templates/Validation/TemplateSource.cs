using CoderBootstrap.Activities.Templates.Hcl;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>One folder under check (a template or a shared module) with its parsed root .tf files.</summary>
internal sealed class TemplateSource
{
    private readonly List<TemplateFinding> _findings;

    public TemplateSource(string name, string folder, string repositoryRoot, List<TemplateFinding> findings)
    {
        Name = name;
        Folder = folder;
        RepositoryRoot = repositoryRoot;
        _findings = findings;
        foreach (var file in Directory.GetFiles(folder, "*.tf").Order(StringComparer.Ordinal))
        {
            try
            {
                Files.Add((file, HclParser.Parse(File.ReadAllText(file))));
            }
            catch (HclSyntaxException error)
            {
                Report("hcl", file, error.Line, $"not valid HCL: {error.Message}");
            }
        }
    }

    public string Name { get; }

    public string Folder { get; }

    public string RepositoryRoot { get; }

    /// <summary>Every root .tf file that parsed, with its body.</summary>
    public List<(string Path, HclBody Body)> Files { get; } = [];

    public string MainFile => Path.Combine(Folder, "main.tf");

    /// <summary>Top-level blocks of a type (and leading labels) over all files, each with its file.</summary>
    public IEnumerable<(string Path, HclBlock Block)> Blocks(string type, params string[] labels) =>
        Files.SelectMany(file => file.Body.BlocksOf(type, labels).Select(block => (file.Path, block)));

    public string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace(Path.DirectorySeparatorChar, '/');

    public void Report(string rule, string file, int line, string message) =>
        _findings.Add(new TemplateFinding(Name, rule, Relative(file), Math.Max(line, 1), message));
}
