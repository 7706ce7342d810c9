using CoderBootstrap.Activities.Backup;

namespace CoderBootstrap.Activities.Tests.Backup;

public sealed class BackupRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ExpiredBackupsBeyondTheNewestKeepLastAreDeleted()
    {
        var backups = Enumerable.Range(1, 6).Select(day => Complete(day, expiredDaysAgo: 1)).ToList();

        var plan = BackupRetention.Plan(backups, Now, keepLast: 3);

        Assert.Equal(["day-3", "day-2", "day-1"], plan.Delete);
    }

    [Fact]
    public void AtLeastKeepLastCompleteBackupsRemainEvenWhenAllExpired()
    {
        var backups = new[] { Complete(1, expiredDaysAgo: 5), Complete(2, expiredDaysAgo: 5), Complete(3, expiredDaysAgo: 5) };

        var plan = BackupRetention.Plan(backups, Now, keepLast: 3);

        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void TheNewestCompleteBackupIsKeptWhenNewerOnesAreIncomplete()
    {
        var backups = new[] { Complete(1, expiredDaysAgo: 9), Incomplete(2), Incomplete(3) };

        var plan = BackupRetention.Plan(backups, Now, keepLast: 1);

        Assert.Equal(["day-3", "day-2"], plan.Delete);
        Assert.Equal("newest complete backup", plan.KeptBecause["day-1"]);
    }

    [Fact]
    public void IncompleteBackupsDoNotCountTowardsKeepLast()
    {
        var backups = new[] { Complete(1, expiredDaysAgo: 1), Complete(2, expiredDaysAgo: 1), Incomplete(3), Incomplete(4) };

        var plan = BackupRetention.Plan(backups, Now, keepLast: 2);

        Assert.DoesNotContain("day-1", plan.Delete);
        Assert.DoesNotContain("day-2", plan.Delete);
    }

    [Fact]
    public void AnIncompleteBackupYoungerThanTheGraceIsLeftAlone()
    {
        var running = new RetentionCandidate("running", Now.AddMinutes(-20), IsComplete: false, null, false);

        var plan = BackupRetention.Plan([Complete(1, expiredDaysAgo: -10), running], Now);

        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void APreDestroyBackupIsKeptUntilItsOwnExpiryWhateverTheDefaultRetention()
    {
        var preDestroy = new RetentionCandidate("pre-destroy", Now.AddDays(-60), true, Now.AddDays(30), PreDestroy: true);
        var backups = new[] { preDestroy, Complete(10, expiredDaysAgo: -1), Complete(11, expiredDaysAgo: -1), Complete(12, expiredDaysAgo: -1) };

        var plan = BackupRetention.Plan(backups, Now, keepLast: 3, defaultRetention: TimeSpan.FromDays(7));

        Assert.Empty(plan.Delete);
        Assert.StartsWith("pre-destroy backup kept until", plan.KeptBecause["pre-destroy"], StringComparison.Ordinal);
    }

    [Fact]
    public void APreDestroyBackupPastItsOwnExpiryIsDeleted()
    {
        var preDestroy = new RetentionCandidate("pre-destroy", Now.AddDays(-100), true, Now.AddDays(-10), PreDestroy: true);
        var backups = new[] { preDestroy, Complete(10, expiredDaysAgo: -1), Complete(11, expiredDaysAgo: -1), Complete(12, expiredDaysAgo: -1) };

        var plan = BackupRetention.Plan(backups, Now, keepLast: 3);

        Assert.Equal(["pre-destroy"], plan.Delete);
    }

    [Fact]
    public void APreDestroyBackupWithoutExpiryIsNeverDeletedByTheDefaultRetention()
    {
        var preDestroy = new RetentionCandidate("pre-destroy", Now.AddDays(-400), true, null, PreDestroy: true);
        var backups = new[] { preDestroy, Complete(10, expiredDaysAgo: -1), Complete(11, expiredDaysAgo: -1), Complete(12, expiredDaysAgo: -1) };

        var plan = BackupRetention.Plan(backups, Now, keepLast: 3, defaultRetention: TimeSpan.FromDays(30));

        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void ABackupWithoutItsOwnExpiryFollowsTheDefaultRetention()
    {
        var old = new RetentionCandidate("old", Now.AddDays(-31), true, null, false);
        var recent = new RetentionCandidate("recent", Now.AddDays(-29), true, null, false);

        var plan = BackupRetention.Plan([old, recent, Complete(100, -1)], Now, keepLast: 1, defaultRetention: TimeSpan.FromDays(30));

        Assert.Equal(["old"], plan.Delete);
    }

    [Fact]
    public void WithoutAnyExpiryNothingIsDeleted()
    {
        var backups = Enumerable.Range(1, 8).Select(day => new RetentionCandidate($"day-{day}", Now.AddDays(day - 30), true, null, false)).ToList();

        Assert.Empty(BackupRetention.Plan(backups, Now, keepLast: 3).Delete);
    }

    /// <summary>A complete backup started on day <paramref name="day"/> of the last month, expired that many days ago (negative: in the future).</summary>
    private static RetentionCandidate Complete(int day, int expiredDaysAgo) =>
        new($"day-{day}", Now.AddDays(day - 30), true, Now.AddDays(-expiredDaysAgo), false);

    private static RetentionCandidate Incomplete(int day) => new($"day-{day}", Now.AddDays(day - 30), false, null, false);
}
