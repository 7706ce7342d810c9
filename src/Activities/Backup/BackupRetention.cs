namespace CoderBootstrap.Activities.Backup;

/// <summary>What retention knows of one backup.</summary>
public sealed record RetentionCandidate(string Id, DateTimeOffset StartedAt, bool IsComplete, DateTimeOffset? ExpiresAt, bool PreDestroy);

/// <summary>The backups to delete and why each one stays.</summary>
public sealed record RetentionPlan(IReadOnlyList<string> Delete, IReadOnlyDictionary<string, string> KeptBecause);

/// <summary>
/// Which backups to delete (a pure function of the listing and the time):
/// <list type="bullet">
/// <item>the newest complete backup is never deleted, and the newest <c>keepLast</c> complete ones stay whatever their expiry;</item>
/// <item>another complete backup goes once past its expiry: its own (set with <c>--retention-days</c>) or, when it has
/// none, <c>defaultRetention</c> after its start; a pre-destroy backup only ever by its own expiry, so the environment's
/// retention (or its absence, once the environment is gone) never shortens it;</item>
/// <item>an incomplete backup (no manifest) goes once older than <c>incompleteGrace</c>, which leaves a running backup alone.</item>
/// </list>
/// </summary>
public static class BackupRetention
{
    public const int DefaultKeepLast = 3;

    public static RetentionPlan Plan(
        IReadOnlyCollection<RetentionCandidate> backups,
        DateTimeOffset now,
        int keepLast = DefaultKeepLast,
        TimeSpan? defaultRetention = null,
        TimeSpan? incompleteGrace = null)
    {
        ArgumentNullException.ThrowIfNull(backups);
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLast, 1);
        var grace = incompleteGrace ?? TimeSpan.FromDays(1);
        var delete = new List<string>();
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var newestFirst = backups.OrderByDescending(b => b.StartedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
        var completeRank = 0;
        foreach (var backup in newestFirst)
        {
            if (!backup.IsComplete)
            {
                if (now - backup.StartedAt >= grace)
                {
                    delete.Add(backup.Id);
                }
                else
                {
                    kept[backup.Id] = "incomplete, possibly still running";
                }

                continue;
            }

            completeRank++;
            var expiry = backup.ExpiresAt ?? (backup.PreDestroy ? null : backup.StartedAt + defaultRetention);
            if (completeRank == 1)
            {
                kept[backup.Id] = "newest complete backup";
            }
            else if (completeRank <= keepLast)
            {
                kept[backup.Id] = $"one of the newest {keepLast} complete backups";
            }
            else if (expiry is null)
            {
                kept[backup.Id] = "no expiry";
            }
            else if (expiry > now)
            {
                kept[backup.Id] = $"{(backup.PreDestroy ? "pre-destroy backup " : "")}kept until {expiry.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
            }
            else
            {
                delete.Add(backup.Id);
            }
        }

        return new RetentionPlan(delete, kept);
    }
}
