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
        resource "coder_agent" "main" {
          os   = "linux"
          arch = "amd64"
        }

        module "workspace" {
          source = "./modules/kubernetes-workspace"
          agent  = coder_agent.main
        }
        """;

    [Fact]
    public void ATemplateWhoseArchiveHoldsTheModuleFolderImports()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateCallingTheSharedModule), ("modules/kubernetes-workspace/main.tf", "variable \"agent\" {}\n"));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Null(parsed!.FindImportProblem());
    }

    [Fact]
    public void AModuleReferenceMissingFromTheArchiveFailsLikeTerraformInit()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateCallingTheSharedModule), ("modules/other/main.tf", "variable \"agent\" {}\n"));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Contains("Unreadable module directory", parsed!.FindImportProblem());
    }

    [Fact]
    public void AModuleFolderWithoutTerraformFilesFailsLikeTerraformInit()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateCallingTheSharedModule), ("modules/kubernetes-workspace/README.md", "no code"));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Contains("No Terraform configuration files", parsed!.FindImportProblem());
    }

    [Fact]
    public void AModuleSourceOutsideTheArchiveFailsLikeTerraformInit()
    {
        var archive = TemplateArchives.Build(("main.tf", TemplateCallingTheSharedModule.Replace("./modules/kubernetes-workspace", "../../modules/kubernetes-workspace", StringComparison.Ordinal)));

        Assert.True(TemplateArchive.TryParse(archive, out var parsed, out _));
        Assert.Contains("lstat modules/kubernetes-workspace: no such file or directory", parsed!.FindImportProblem());
    }
}
