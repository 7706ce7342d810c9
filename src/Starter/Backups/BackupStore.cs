using System.Net;
using Amazon.S3;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Backup.Activities;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Starter.Backups;

/// <summary>The Starter's read-only view of an environment's backup bucket (list, show, restore preview), with the credentials of its environment.</summary>
internal sealed class BackupStore : IDisposable
{
    private readonly ActivityServices? _owned;
    private readonly ActivityServices _services;

    public BackupStore(StarterContext context, StarterRuntime runtime)
    {
        _services = runtime.Activities ?? (_owned = new ActivityServices(new CoderBootstrapOptions { RepositoryRoot = context.RepositoryRoot, Environment = context.Environment }));
    }

    private IAmazonS3 S3
    {
        get
        {
            try
            {
                return _services.S3;
            }
            catch (Activities.Environments.EnvironmentSpecException e)
            {
                throw new StarterException($"{e.Message} (reading backups needs the object storage credentials)", 2);
            }
        }
    }

    public async Task<IReadOnlyList<(BackupEntry Entry, DateTimeOffset? VerifiedAt)>> ListAsync(string environment, CancellationToken cancellationToken)
    {
        var bucket = BackupLayout.Bucket(environment);
        IReadOnlyList<BackupEntry> entries;
        try
        {
            entries = await new BackupCatalog(S3).ListAsync(bucket, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        var rows = new List<(BackupEntry, DateTimeOffset?)>();
        foreach (var entry in entries)
        {
            rows.Add((entry, entry.IsComplete ? await BackupSummaries.VerifiedAtAsync(S3, bucket, entry.Id, cancellationToken).ConfigureAwait(false) : null));
        }
        return rows;
    }

    /// <summary>The manifest of a complete backup (<c>latest</c> or an id); a missing or incomplete one is a one-line error.</summary>
    public async Task<BackupManifest> FindAsync(string environment, string backup, CancellationToken cancellationToken)
    {
        var entries = await ListAsync(environment, cancellationToken).ConfigureAwait(false);
        if (backup == "latest")
        {
            return entries.LastOrDefault(e => e.Entry.IsComplete).Entry?.Manifest
                ?? throw new StarterException($"{environment} has no complete backup: run `starter run backup --env={environment}` first");
        }
        var found = entries.FirstOrDefault(e => e.Entry.Id == backup).Entry
            ?? throw new StarterException($"no backup {backup} for {environment}: `starter backup list --env={environment}` lists them", 2);
        return found.Manifest ?? throw new StarterException(new BackupIncompleteException(found.Id).Message);
    }

    public void Dispose() => _owned?.Dispose();
}
