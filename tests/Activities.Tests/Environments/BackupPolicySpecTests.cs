using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Tests.Environments;

/// <summary>The spec's top-level <c>backup:</c> section (keep_last, retention, verification, schedule).</summary>
public sealed class BackupPolicySpecTests
{
    private static string DevYaml => File.ReadAllText(Path.Combine(RepositoryPaths.EnvironmentsDirectory, "dev.yaml"));

    private static string WithoutBackupSection(string yaml) => yaml[..yaml.IndexOf("# Backups of Coder", StringComparison.Ordinal)];

    [Fact]
    public void DevBacksUpDailyAtThreeWithTenMinutesOfJitterAndKeepsThree()
    {
        var policy = new EnvironmentSpecLoader(RepositoryPaths.EnvironmentsDirectory).Load("dev").BackupPolicy;
        Assert.Equal(new BackupScheduleSpec("0 3 * * *", TimeSpan.FromMinutes(10)), policy.Schedule);
        Assert.Equal(3, policy.KeepLast);
        Assert.Equal(7, policy.RetentionDays);
        Assert.Equal(7, policy.VerifyEvery);
    }

    [Fact]
    public void ASpecWithoutABackupSectionGetsTheDefaultsAndNoSchedule()
    {
        var spec = EnvironmentSpecLoader.Parse(WithoutBackupSection(DevYaml), "dev.yaml");
        Assert.Equal(BackupPolicySpec.Default, spec.BackupPolicy);
        Assert.Null(spec.BackupPolicy.Schedule);
    }

    [Fact]
    public void AMalformedCronIsRejectedNamingTheField()
    {
        var yaml = DevYaml.Replace("cron: \"0 3 * * *\"", "cron: \"every night\"", StringComparison.Ordinal);
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.Contains("backup.schedule.cron", error.Message);
    }

    [Fact]
    public void KeepLastBelowOneIsRejected()
    {
        var yaml = DevYaml.Replace("keep_last: 3", "keep_last: 0", StringComparison.Ordinal);
        var error = Assert.Throws<EnvironmentSpecException>(() => EnvironmentSpecLoader.Parse(yaml, "dev.yaml"));
        Assert.Contains("backup.keep_last", error.Message);
    }
}
