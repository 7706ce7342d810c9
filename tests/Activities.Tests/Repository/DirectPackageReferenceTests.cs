using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace CoderBootstrap.Activities.Tests.Repository;

/// <summary>
/// A package whose types a project's compiled code uses must be a direct reference of that project:
/// a package that only arrives transitively can disappear with the next version of whatever brought
/// it, and then the build breaks on a machine with an empty package cache.
/// </summary>
public sealed class DirectPackageReferenceTests
{
    // Packages that are a façade over others: referencing the façade is the documented way to use them.
    private static readonly Dictionary<string, string[]> MetaPackages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["xunit"] = ["xunit.core", "xunit.assert", "xunit.abstractions", "xunit.extensibility.core", "xunit.extensibility.execution"],
        // The test SDK's generated entry point, not the project's code, uses the object model.
        ["Microsoft.NET.Test.Sdk"] = ["Microsoft.TestPlatform.ObjectModel"],
        // Microsoft.Data.Sqlite is Microsoft.Data.Sqlite.Core plus the native SQLite bundle.
        ["Microsoft.Data.Sqlite"] = ["Microsoft.Data.Sqlite.Core"],
    };

    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var project in ProjectFiles())
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, project));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_package_used_by_compiled_code_is_a_direct_reference(string project)
    {
        var projectDirectory = Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, project))!;
        var assets = ReadAssets(Path.Combine(projectDirectory, "obj", "project.assets.json"));
        var assemblyPath = CompiledAssembly(projectDirectory, assets.AssemblyName);

        var undeclared = ReferencedAssemblies(assemblyPath)
            .Where(assets.PackageOfAssembly.ContainsKey)
            .Select(name => assets.PackageOfAssembly[name])
            .Where(package => !assets.DirectPackages.Contains(package) && !CoveredByMetaPackage(package, assets.DirectPackages))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();

        Assert.True(undeclared.Count == 0,
            $"{project} uses types of {string.Join(", ", undeclared)} without referencing the package directly");
    }

    [Fact]
    public void Every_project_has_a_committed_lock_file()
    {
        var missing = ProjectFiles()
            .Where(project => !File.Exists(Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json")))
            .Select(project => Path.GetRelativePath(RepositoryPaths.Root, project))
            .ToList();
        Assert.Empty(missing);
    }

    private static bool CoveredByMetaPackage(string package, HashSet<string> directPackages) =>
        MetaPackages.Any(meta => directPackages.Contains(meta.Key) && meta.Value.Contains(package, StringComparer.OrdinalIgnoreCase));

    private static IEnumerable<string> ProjectFiles() =>
        new[] { "src", "tests", "bench" }
            .Select(folder => Path.Combine(RepositoryPaths.Root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Contains("node_modules"))
            .Order(StringComparer.Ordinal);

    private static string CompiledAssembly(string projectDirectory, string assemblyName)
    {
        // The configuration this test assembly was built in is the one the solution was built in;
        // obj/ holds the compiled assembly as a .dll for libraries and executables alike.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(projectDirectory, "obj", configuration, "net10.0", assemblyName + ".dll");
        Assert.True(File.Exists(path), $"{path} is not built: build the solution in {configuration} first");
        return path;
    }

    private static IEnumerable<string> ReferencedAssemblies(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .ToList();
    }

    private sealed record ProjectAssets(string AssemblyName, HashSet<string> DirectPackages, Dictionary<string, string> PackageOfAssembly);

    private static ProjectAssets ReadAssets(string assetsPath)
    {
        Assert.True(File.Exists(assetsPath), $"{assetsPath} is missing: restore the solution first");
        using var document = JsonDocument.Parse(File.ReadAllText(assetsPath));
        var root = document.RootElement;
        var project = root.GetProperty("project");
        var restore = project.GetProperty("restore");
        var projectPath = restore.GetProperty("projectPath").GetString()!;
        var assemblyName = System.Xml.Linq.XDocument.Load(projectPath).Descendants("AssemblyName").FirstOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(projectPath);

        var directPackages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var framework in project.GetProperty("frameworks").EnumerateObject())
        {
            if (framework.Value.TryGetProperty("dependencies", out var dependencies))
            {
                foreach (var dependency in dependencies.EnumerateObject())
                {
                    directPackages.Add(dependency.Name);
                }
            }
        }

        var packageOfAssembly = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in root.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.GetProperty("type").GetString() != "package" || !library.Value.TryGetProperty("compile", out var compile))
                {
                    continue;
                }
                var packageName = library.Name.Split('/')[0];
                foreach (var asset in compile.EnumerateObject().Where(asset => asset.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                {
                    packageOfAssembly.TryAdd(Path.GetFileNameWithoutExtension(asset.Name), packageName);
                }
            }
        }
        return new ProjectAssets(assemblyName, directPackages, packageOfAssembly);
    }
}
