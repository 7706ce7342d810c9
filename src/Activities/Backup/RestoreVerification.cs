namespace CoderBootstrap.Activities.Backup;

/// <summary>The outcome of restoring a backup into a scratch database: empty <see cref="Differences"/> when it matched.</summary>
public sealed record RestoreVerification(string ScratchDatabase, DatabaseFigures Restored, IReadOnlyList<string> Differences)
{
    public bool Matches => Differences.Count == 0;
}
