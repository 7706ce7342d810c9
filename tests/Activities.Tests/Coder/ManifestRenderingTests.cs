using System.Formats.Tar;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Kubernetes;
using k8s.Models;

namespace CoderBootstrap.Activities.Tests.Coder;

public sealed class ManifestRenderingTests
{
    [Fact]
    public void SubstituteRefusesAPlaceholderWithoutAValueNamingIt()
    {
        var error = Assert.Throws<ManifestException>(() =>
            ManifestRenderer.Substitute("name: ${NAME}\nns: ${NAMESPACE}\n", new Dictionary<string, string> { ["NAME"] = "coder" }, "test.yaml"));

        Assert.Contains("${NAMESPACE}", error.Message);
    }

    [Fact]
    public void SubstituteRefusesAValueThatWouldBreakTheYaml()
    {
        Assert.Throws<ManifestException>(() =>
            ManifestRenderer.Substitute("name: \"${NAME}\"\n", new Dictionary<string, string> { ["NAME"] = "a\"\nkind: Secret" }, "test.yaml"));
    }

    [Fact]
    public void ConverterKeepsQuotedScalarsAsStringsAndTypesPlainOnes()
    {
        var body = YamlManifestConverter.ToJsonObject("replicas: 3\nversion: \"1\"\nenabled: true\nempty:\nname: coder\n");

        Assert.Equal(3, body["replicas"]!.GetValue<long>());
        Assert.Equal("1", body["version"]!.GetValue<string>());
        Assert.True(body["enabled"]!.GetValue<bool>());
        Assert.Null(body["empty"]);
        Assert.Equal("coder", body["name"]!.GetValue<string>());
    }

    [Fact]
    public void EveryDeployCoderManifestRendersWithTheDevValues()
    {
        var spec = new CoderBootstrap.Activities.Environments.EnvironmentSpecLoader(RepositoryPaths.EnvironmentsDirectory).Load("dev");
        var infra = new CoderBootstrap.Activities.Contracts.InfraOutputs("dev", "c", "pn", "db", "172.16.0.5", 5432, "coder", "coder", "secrets/database-dev.json", "kubeconfig/config-coder-dev.yaml");
        var renderer = new ManifestRenderer(Path.Combine(RepositoryPaths.Root, "deploy", "coder"));
        var values = CoderManifestValues.Build(spec, infra, spec.Coder.AccessUrl);

        foreach (var file in CoderBootstrap.Activities.Setup.SetupActivities.RequiredManifests)
        {
            var manifest = renderer.Render(file, values);
            Assert.False(string.IsNullOrEmpty(manifest.Name));
        }

        Assert.Equal(1, renderer.Render("deployment.yaml", values).Body["spec"]!["replicas"]!.GetValue<long>());
    }

    [Fact]
    public void LegacyBlockStorageClassesAreAcceptedAndForeignProvisionersAreNot()
    {
        var legacy = new V1StorageClass { Metadata = new V1ObjectMeta { Name = "scw-bssd" }, Provisioner = "kubernetes.io/scaleway" };
        var foreign = new V1StorageClass { Metadata = new V1ObjectMeta { Name = "local-path" }, Provisioner = "rancher.io/local-path" };

        Assert.True(StorageClassRules.IsAccepted(legacy));
        Assert.False(StorageClassRules.IsAccepted(foreign));
    }

    [Fact]
    public void TemplateArchivesAreUstarWithMainTfAtTheRootAndRepeatable()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "templates", "backend", "java-spring");

        var first = TemplateArchiveBuilder.Build(folder);
        var second = TemplateArchiveBuilder.Build(folder);

        Assert.Equal(first, second);
        using var reader = new TarReader(new MemoryStream(first));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add(entry);
        }

        Assert.All(entries, entry => Assert.Equal(TarEntryFormat.Ustar, entry.Format));
        Assert.Contains(entries, entry => entry.Name == "main.tf");
    }
}
