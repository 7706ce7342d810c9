using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// The workspace templates of the repository: <c>templates/&lt;category&gt;/&lt;name&gt;/main.tf</c>.
/// A template is known by its folder name, which is also its name in Coder.
/// </summary>
public sealed class TemplateCatalog
{
    private readonly string _templatesDirectory;

    public TemplateCatalog(string templatesDirectory) => _templatesDirectory = templatesDirectory;

    /// <summary>Name to folder of every template present, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> FindAll()
    {
        var templates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(_templatesDirectory))
        {
            return templates;
        }

        foreach (var category in Directory.GetDirectories(_templatesDirectory))
        {
            foreach (var folder in Directory.GetDirectories(category))
            {
                if (File.Exists(Path.Combine(folder, "main.tf")))
                {
                    templates.TryAdd(Path.GetFileName(folder), folder);
                }
            }
        }

        return templates;
    }

    /// <summary>The folder of <paramref name="name"/>; UnknownTemplate listing the known ones when absent.</summary>
    public string Locate(string name)
    {
        var all = FindAll();
        return all.TryGetValue(name, out var folder) ? folder : throw Unknown([name], all.Keys);
    }

    /// <summary>The <paramref name="wanted"/> templates when all are known; UnknownTemplate listing the known ones otherwise.</summary>
    public IReadOnlyList<string> Resolve(IReadOnlyList<string> wanted)
    {
        var known = FindAll();
        var unknown = wanted.Where(name => !known.ContainsKey(name)).ToList();
        return unknown.Count > 0 ? throw Unknown(unknown, known.Keys) : wanted.ToList();
    }

    public static Temporalio.Exceptions.ApplicationFailureException Unknown(IReadOnlyCollection<string> unknown, IEnumerable<string> known)
    {
        var knownList = string.Join(", ", known);
        return ActivityFailure.Permanent(FailureKind.UnknownTemplate,
            $"unknown template{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(u => "'" + u + "'"))}; known templates: {(knownList.Length == 0 ? "none" : knownList)}");
    }
}
