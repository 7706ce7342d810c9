using System.Formats.Tar;
using System.Text;
using CoderBootstrap.Sandbox.Coder;

namespace CoderBootstrap.Sandbox.Tests.Coder;

public sealed class TemplateArchiveTests
{
    [Fact]
    public void LongPathsInPaxArchivesAreRead()
    {
        var longPath = string.Join('/', Enumerable.Repeat("directory", 15)) + "/main.tf";
        var archive = TemplateArchives.Build(TarEntryFormat.Pax, (longPath, "x"), ("main.tf", TemplateArchives.KubernetesTemplate));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Contains(longPath, parsed!.Files.Keys);
        Assert.Null(parsed.FindImportProblem());
    }

    [Fact]
    public void ACorruptedHeaderChecksumIsRejected()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate));
        archive[0] ^= 0x20;

        Assert.False(TemplateArchive.TryParse(archive, out _, out var error));
        Assert.Contains("checksum", error);
    }

    [Fact]
    public void ATruncatedArchiveIsRejected()
    {
        var archive = TemplateArchives.Build(("main.tf", new string('x', 2000)));

        Assert.False(TemplateArchive.TryParse(archive[..1024], out _, out _));
    }

    [Fact]
    public void AnAgentOnlyMentionedInACommentDoesNotCount()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateArchives.TemplateWithoutAgent));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Contains("coder_agent", parsed!.FindImportProblem());
    }

    [Fact]
    public void FileContentsAreReadBack()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateArchives.KubernetesTemplate), ("scripts/init.sh", "#!/bin/sh\necho hi\n"));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Equal("#!/bin/sh\necho hi\n", Encoding.UTF8.GetString(parsed!.Files["scripts/init.sh"]));
    }

    private const string TemplateCallingTheSharedModule = """
        module "workspace" {
          source         = "./modules/kubernetes-workspace"
          template_name  = "go-fiber"
          workspace      = yamldecode(file("${path.module}/workspace.yaml"))
          startup_script = file("${path.module}/startup.sh")
        }
        """;

    private const string ModuleWithTheAgent = """
        variable "startup_script" {}

        resource "coder_agent" "main" {
          os             = "linux"
          arch           = "amd64"
          startup_script = var.startup_script
        }
        """;

    [Fact]
    public void ATemplateWhoseArchiveHoldsTheModuleFolderWithTheAgentImports()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateCallingTheSharedModule), ("workspace.yaml", "image: x\n"), ("modules/kubernetes-workspace/main.tf", ModuleWithTheAgent));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Null(parsed!.FindImportProblem());
    }

    [Theory]
    [InlineData("modules/kubernetes-workspace/main.tf", "variable \"startup_script\" {}\n", "does not declare a resource \"coder_agent\"")]
    [InlineData("modules/other/main.tf", ModuleWithTheAgent, "Unreadable module directory")]
    [InlineData("modules/kubernetes-workspace/README.md", "no code", "No Terraform configuration files")]
    public void AModuleMissingFromTheArchiveOrWithoutTheAgentFailsTheImportAsTerraformWould(string modulePath, string moduleContent, string problem)
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateCallingTheSharedModule), (modulePath, moduleContent));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Contains(problem, parsed!.FindImportProblem());
    }

    [Fact]
    public void AModuleSourceOutsideTheArchiveFailsLikeTerraformInit()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateCallingTheSharedModule.Replace("./modules/kubernetes-workspace", "../../modules/kubernetes-workspace", StringComparison.Ordinal)));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Contains("lstat modules/kubernetes-workspace: no such file or directory", parsed!.FindImportProblem());
    }
}
