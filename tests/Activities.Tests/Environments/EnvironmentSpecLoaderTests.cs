using System.Text.Json;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Tests.Environments;

public sealed class EnvironmentSpecLoaderTests
{
    private static readonly EnvironmentSpecLoader Loader = new(RepositoryPaths.EnvironmentsDirectory);

    private static string DevYaml => File.ReadAllText(Path.Combine(RepositoryPaths.EnvironmentsDirectory, "dev.yaml"));

    [Fact]
    public void KnownEnvironmentsAreDevProdAndStaging()
    {
        Assert.Equal(["dev", "prod", "staging"], Loader.KnownEnvironments());
    }

    [Fact]
    public void DevHasTwoGp1XsNodesDbDevSWithoutHaAndBaselinePodSecurity()
    {
        var dev = Loader.Load("dev");
        Assert.Equal("GP1-XS", dev.Kubernetes.NodePool.NodeType);
        Assert.Equal(2, dev.Kubernetes.NodePool.Size);
        Assert.Equal("DB-DEV-S", dev.Database.NodeType);
        Assert.False(dev.Database.HighAvailability);
        Assert.Equal(PodSecurityStandard.Baseline, dev.Security.PodSecurityStandard);
        Assert.False(dev.ApprovalRequired);
        Assert.Equal("cilium", dev.Kubernetes.Cni);
    }

    [Fact]
    public void StagingHasThreeGp1SNodesDbGpSAndNetworkPolicies()
    {
        var staging = Loader.Load("staging");
        Assert.Equal("GP1-S", staging.Kubernetes.NodePool.NodeType);
        Assert.Equal(3, staging.Kubernetes.NodePool.Size);
        Assert.Equal("DB-GP-S", staging.Database.NodeType);
        Assert.True(staging.Security.NetworkPolicies);
    }

    [Fact]
    public void ProdHasFiveGp1MNodesDbGpMWithHaRestrictedPodSecurityMonitoringAndApproval()
    {
        var prod = Loader.Load("prod");
        Assert.Equal("GP1-M", prod.Kubernetes.NodePool.NodeType);
        Assert.Equal(5, prod.Kubernetes.NodePool.Size);
        Assert.Equal("DB-GP-M", prod.Database.NodeType);
        Assert.True(prod.Database.HighAvailability);
        Assert.Equal(PodSecurityStandard.Restricted, prod.Security.PodSecurityStandard);
        Assert.True(prod.Security.NetworkPolicies);
        Assert.True(prod.Monitoring.Enabled);
        Assert.True(prod.ApprovalRequired);
        Assert.Equal(500m, prod.MonthlyBudgetEur);
    }

    [Fact]
    public void OAuthClientSecretIsAReferenceToAnEnvironmentVariable()
    {
        var dev = Loader.Load("dev");
        Assert.Equal("CODER_DEV_GITHUB_CLIENT_SECRET", dev.Coder.OAuth.ClientSecret.EnvironmentVariable);
        Assert.Equal(["example-org"], dev.Coder.OAuth.AllowedOrganizations);
    }

    [Fact]
    public void EveryEnvironmentUsesADistinctPrivateNetworkCidr()
    {
        var cidrs = Loader.LoadAll().Select(e => e.Network.PrivateNetworkCidr).ToList();
        Assert.Equal(cidrs.Count, cidrs.Distinct().Count());
    }

    [Fact]
    public void ResourceTagsNameTheToolAndTheEnvironment()
    {
        Assert.Equal(["managed-by=coder-bootstrap", "env=staging"], Loader.Load("staging").ResourceTags);
        Assert.Equal("terraform-state-coder-staging", Loader.Load("staging").StateBucketName);
    }

    [Fact]
    public void UnknownEnvironmentNameListsTheKnownOnes()
    {
        var error = Assert.Throws<UnknownEnvironmentException>(() => Loader.Load("qa"));
        Assert.Equal("unknown environment 'qa'; known environments: dev, prod, staging", error.Message);
    }

    [Fact]
    public void UnknownFieldIsRejectedWithItsPathAndTheAllowedFields()
    {
        var yaml = DevYaml.Replace("  cni: cilium\n", "  cni: cilium\n  cnii: calico\n");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.StartsWith("dev.yaml: kubernetes.cnii: unknown field", error.Message);
        Assert.Contains("allowed: one of cluster_name, version, cni, auto_upgrade, node_pool", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void WrongTypeIsRejectedWithItsPathAndTheAllowedRange()
    {
        var yaml = DevYaml.Replace("    size: 2\n", "    size: two\n");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.Equal("dev.yaml: kubernetes.node_pool.size: wrong type: 'two' is not an integer; allowed: an integer from 1 to 100", error.Message);
    }

    [Fact]
    public void BadChoiceIsRejectedWithTheAllowedValues()
    {
        var yaml = DevYaml.Replace("pod_security_standard: baseline", "pod_security_standard: strict");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.Equal("dev.yaml: security.pod_security_standard: bad value 'strict'; allowed: one of privileged, baseline, restricted", error.Message);
    }

    [Fact]
    public void BooleanFieldRejectsYes()
    {
        var yaml = DevYaml.Replace("approval_required: false", "approval_required: yes");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.Equal("dev.yaml: approval_required: wrong type: 'yes' is not a boolean; allowed: true or false", error.Message);
    }

    [Fact]
    public void MissingFieldIsReportedByPath()
    {
        var yaml = DevYaml.Replace("  node_type: DB-DEV-S\n", string.Empty);
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.StartsWith("dev.yaml: database.node_type: missing required field", error.Message);
    }

    [Fact]
    public void CidrOutsidePrivateRangesIsRejected()
    {
        var yaml = DevYaml.Replace("172.16.0.0/22", "8.8.8.0/24");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.StartsWith("dev.yaml: network.private_network_cidr: bad value '8.8.8.0/24'; allowed: an IPv4 CIDR inside 10.0.0.0/8", error.Message);
    }

    [Fact]
    public void CidrWithHostBitsSetIsRejected()
    {
        var yaml = DevYaml.Replace("172.16.0.0/22", "172.16.0.1/22");
        Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
    }

    [Fact]
    public void AutoscalingBoundsMustContainThePoolSize()
    {
        var yaml = DevYaml.Replace("      max_size: 3\n", "      max_size: 1\n");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.Equal("dev.yaml: kubernetes.node_pool.autoscaling.min_size: bounds 2..1 do not contain the pool size 2; allowed: min_size <= kubernetes.node_pool.size <= max_size", error.Message);
    }

    [Fact]
    public void ZoneMustBelongToTheRegion()
    {
        var yaml = DevYaml.Replace("zone: fr-par-1", "zone: nl-ams-1");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.StartsWith("dev.yaml: zone: bad value 'nl-ams-1'; allowed: a zone of region fr-par", error.Message);
    }

    [Fact]
    public void SecretValueWrittenInlineIsRejected()
    {
        var yaml = DevYaml.Replace("    client_secret:\n      from_env: CODER_DEV_GITHUB_CLIENT_SECRET\n", "    client_secret: s3cr3t-value\n");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.StartsWith("dev.yaml: coder.oauth.client_secret: secret values must not be written in environment files", error.Message);
        Assert.DoesNotContain("s3cr3t-value", error.Message);
    }

    [Fact]
    public void MemoryLimitBelowRequestIsRejected()
    {
        var yaml = DevYaml.Replace("      memory: 1Gi\n", "      memory: 256Mi\n");
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.StartsWith("dev.yaml: coder.resources.limits.memory: limit 256Mi is below the request 512Mi", error.Message);
    }

    [Fact]
    public void NameMustMatchTheFileName()
    {
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(DevYaml, "qa.yaml"));
        Assert.StartsWith("qa.yaml: name: bad value 'dev'; allowed: 'qa'", error.Message);
    }

    [Fact]
    public void InvalidYamlNamesTheFileAndLine()
    {
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse("name: dev\n  region: [fr-par\n", "dev.yaml"));
        Assert.StartsWith("dev.yaml: (document): not valid YAML at line", error.Message);
    }

    [Fact]
    public void SecretReferenceResolvesFromTheGivenVariables()
    {
        var reference = new SecretReference("GITHUB_SECRET");
        Assert.Equal("value", reference.Resolve(name => name == "GITHUB_SECRET" ? "value" : null));
        var error = Assert.Throws<EnvironmentSpecException>(() => reference.Resolve(_ => null));
        Assert.Contains("GITHUB_SECRET", error.Message);
    }

    [Fact]
    public void TheRepositoryRootIsFoundFromAnyFolderInsideIt()
    {
        var root = CoderBootstrapOptions.FindRepositoryRoot(Path.Combine(RepositoryPaths.Root, "deploy", "coder"));
        Assert.Equal(Path.GetFullPath(RepositoryPaths.Root), Path.GetFullPath(root));
    }

    [Fact]
    public void ASnapshotsDigestIsTheSha256OfTheFilesBytes()
    {
        var snapshot = Loader.LoadSnapshot("dev");
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryPaths.EnvironmentsDirectory, "dev.yaml"));
        Assert.Equal("sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant(), snapshot.Digest);
        Assert.Equal(JsonSerializer.Serialize(Loader.Load("dev")), JsonSerializer.Serialize(snapshot.Spec));
    }

    [Fact]
    public void ASnapshotTravelsThroughTemporalsDataConverterUnchanged()
    {
        var snapshot = Loader.LoadSnapshot("prod");
        var payload = Temporalio.Converters.DataConverter.Default.PayloadConverter.ToPayload(snapshot);
        var back = (CoderBootstrap.Activities.Contracts.SpecSnapshot)Temporalio.Converters.DataConverter.Default.PayloadConverter.ToValue(payload, typeof(CoderBootstrap.Activities.Contracts.SpecSnapshot))!;
        Assert.Equal(snapshot.Digest, back.Digest);
        Assert.Equal(JsonSerializer.Serialize(snapshot), JsonSerializer.Serialize(back));
        Assert.Equal(snapshot.Spec.ResourceTags, back.Spec.ResourceTags);
    }
}
