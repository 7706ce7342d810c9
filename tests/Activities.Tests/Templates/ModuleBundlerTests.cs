using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Templates;
using CoderBootstrap.Activities.Tests.Content;

namespace CoderBootstrap.Activities.Tests.Templates;

public sealed class ModuleBundlerTests
{
    private static readonly string TemplatesDirectory = RepositoryLayout.PathOf("templates");
    private static readonly string Django = RepositoryLayout.PathOf("templates", "backend", "python-django-crewai");

    private static EnvironmentSpec Spec(string name) => new EnvironmentSpecLoader(RepositoryLayout.PathOf("deploy", "environments")).Load(name);

    private static Dictionary<string, string> Entries(byte[] archive)
    {
        using var reader = new TarReader(new MemoryStream(archive));
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.GetNextEntry() is { } entry)
        {
            using var content = new StreamReader(entry.DataStream!, Encoding.UTF8);
            entries[entry.Name] = content.ReadToEnd();
        }

        return entries;
    }

    [Fact]
    public void The_archive_holds_the_template_with_its_data_and_the_shared_module_under_modules()
    {
        var entries = Entries(TemplateArchiveBuilder.Build(Django, ModuleBundler.FilesFor(Django, TemplatesDirectory, Spec("dev"))));

        Assert.Contains("main.tf", entries.Keys);
        Assert.Contains("startup.sh", entries.Keys);
        Assert.Contains("workspace.yaml", entries.Keys);
        Assert.Contains("modules/kubernetes-workspace/parameters.yaml", entries.Keys);
        Assert.Contains("modules/kubernetes-workspace/main.tf", entries.Keys);
        Assert.Contains("modules/kubernetes-workspace/code-server.sh", entries.Keys);
    }

    [Theory]
    [InlineData("dev", "baseline")]
    [InlineData("prod", "restricted")]
    public void The_bundled_module_carries_the_environments_pod_security_standard(string environment, string standard)
    {
        var entries = Entries(TemplateArchiveBuilder.Build(Django, ModuleBundler.FilesFor(Django, TemplatesDirectory, Spec(environment))));

        Assert.Contains($"pod_security_standard = \"{standard}\"", entries["modules/kubernetes-workspace/environment.tf"]);
        Assert.Contains($"name                  = \"{environment}\"", entries["modules/kubernetes-workspace/environment.tf"]);
    }

    [Fact]
    public void The_same_template_and_environment_give_the_same_digest()
    {
        var first = TemplateArchiveBuilder.Build(Django, ModuleBundler.FilesFor(Django, TemplatesDirectory, Spec("dev")));
        var second = TemplateArchiveBuilder.Build(Django, ModuleBundler.FilesFor(Django, TemplatesDirectory, Spec("dev")));

        Assert.Equal(SHA256.HashData(first), SHA256.HashData(second));
    }

    [Fact]
    public void Another_environment_gives_another_digest()
    {
        var dev = TemplateArchiveBuilder.Build(Django, ModuleBundler.FilesFor(Django, TemplatesDirectory, Spec("dev")));
        var prod = TemplateArchiveBuilder.Build(Django, ModuleBundler.FilesFor(Django, TemplatesDirectory, Spec("prod")));

        Assert.NotEqual(SHA256.HashData(dev), SHA256.HashData(prod));
    }

    [Fact]
    public void The_rewritten_environment_file_keeps_the_shape_of_the_repositorys_default()
    {
        var repository = File.ReadAllLines(Path.Combine(TemplatesDirectory, "modules", "kubernetes-workspace", ModuleBundler.EnvironmentFile))
            .Where(line => line.Contains('=', StringComparison.Ordinal)).Select(line => line.Split('=')[0]);
        var written = ModuleBundler.EnvironmentValues(Spec("staging")).Split('\n')
            .Where(line => line.Contains('=', StringComparison.Ordinal)).Select(line => line.Split('=')[0]);

        Assert.Equal(repository, written);
    }

    [Fact]
    public void A_template_calling_no_local_module_gets_no_extra_files()
    {
        var folder = Directory.CreateTempSubdirectory("plain-template").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "main.tf"), "resource \"coder_agent\" \"main\" {\n  os = \"linux\"\n}\n");

            Assert.Empty(ModuleBundler.FilesFor(folder, TemplatesDirectory, Spec("dev")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
