using System.Text.Json;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Tests.Scaleway;

public sealed class EnvironmentResourceRequestsTests
{
    private const string ProjectId = "11111111-1111-1111-1111-111111111111";
    private static readonly EnvironmentSpecLoader Loader = new(RepositoryPaths.EnvironmentsDirectory);

    [Fact]
    public void PrivateNetworkCarriesTheCidrAndTheEnvironmentTags()
    {
        var request = EnvironmentResourceRequests.PrivateNetwork(Loader.Load("dev"), ProjectId);
        Assert.Equal("coder-dev-pn", request.Name);
        Assert.Equal(["172.16.0.0/22"], request.Subnets);
        Assert.Equal(["managed-by=coder-bootstrap", "env=dev"], request.Tags);
    }

    [Fact]
    public void ProdClusterHasFiveGp1MNodesWithAutoscalingAndAutohealing()
    {
        var request = EnvironmentResourceRequests.Cluster(Loader.Load("prod"), ProjectId, "pn-1", "1.35.3");
        var pool = Assert.Single(request.Pools!);
        Assert.Equal(("GP1-M", 5, true, 5, 10, true), (pool.NodeType, pool.Size, pool.Autoscaling, pool.MinSize, pool.MaxSize, pool.Autohealing));
        Assert.Equal(100_000_000_000, pool.RootVolumeSize);
        Assert.Equal(("cilium", "1.35.3", "pn-1", "kapsule"), (request.Cni, request.Version, request.PrivateNetworkId, request.Type));
        Assert.Null(request.AutoUpgrade);
    }

    [Fact]
    public void DevClusterAsksForAutomaticUpgradesInAMaintenanceWindow()
    {
        var request = EnvironmentResourceRequests.Cluster(Loader.Load("dev"), ProjectId, "pn-1", "1.35.3");
        Assert.True(request.AutoUpgrade!.Enable);
        var json = JsonSerializer.Serialize(request, ScalewayApiClient.JsonOptions);
        Assert.Contains("\"auto_upgrade\":{\"enable\":true,\"maintenance_window\":{\"start_hour\":3,\"day\":\"sunday\"}}", json);
    }

    [Fact]
    public void ProdDatabaseIsHighlyAvailableAndOnlyOnThePrivateNetwork()
    {
        var request = EnvironmentResourceRequests.DatabaseInstance(Loader.Load("prod"), ProjectId, "pn-1", "Gener4ted-password");
        Assert.True(request.IsHaCluster);
        Assert.Equal("DB-GP-M", request.NodeType);
        Assert.False(request.DisableBackup);
        var endpoint = Assert.Single(request.InitEndpoints!);
        Assert.Equal("pn-1", endpoint.PrivateNetwork!.PrivateNetworkId);
        Assert.Null(endpoint.LoadBalancer);
    }

    [Fact]
    public void LocalSsdDatabaseVolumeIsSentWithoutSizeWhileBlockVolumesAreSentInBytes()
    {
        var dev = Loader.Load("dev");
        Assert.Equal(0, EnvironmentResourceRequests.DatabaseInstance(dev, ProjectId, "pn", "Gener4ted-password").VolumeSize);
        var onBlock = dev with { Database = dev.Database with { VolumeType = "sbs_5k", VolumeSizeGb = 20 } };
        Assert.Equal(20_000_000_000, EnvironmentResourceRequests.DatabaseInstance(onBlock, ProjectId, "pn", "Gener4ted-password").VolumeSize);
    }

    [Fact]
    public void BackupScheduleFollowsTheEnvironment()
    {
        var request = EnvironmentResourceRequests.BackupSchedule(Loader.Load("prod"));
        Assert.Equal((6, 30, false), (request.BackupScheduleFrequency, request.BackupScheduleRetention, request.IsBackupScheduleDisabled));
    }

    [Fact]
    public void GeneratedPasswordsMeetScalewayRulesAndDiffer()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => DatabasePasswordGenerator.Generate()).ToList();
        Assert.All(passwords, p =>
        {
            Assert.Equal(32, p.Length);
            Assert.Contains(p, char.IsAsciiDigit);
            Assert.Contains(p, char.IsAsciiLetterUpper);
            Assert.Contains(p, char.IsAsciiLetterLower);
            Assert.Contains(p, c => "-_.~".Contains(c));
            Assert.Equal(p, Uri.EscapeDataString(p));
        });
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public void PasswordsShorterThanEightAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DatabasePasswordGenerator.Generate(7));
    }
}
