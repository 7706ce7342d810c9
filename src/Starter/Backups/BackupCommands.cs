using System.CommandLine;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Workflows;

namespace CoderBootstrap.Starter.Backups;

/// <summary>
/// <c>starter run backup|restore</c> and <c>starter backup verify|list|show</c>. A restore without
/// <c>--confirm</c> prints what it would restore onto what and exits 2, changing nothing.
/// </summary>
internal static class BackupCommands
{
    public static void AddRunCommands(Command run, StarterContext context, Option<string> env, Option<bool> sandbox, Option<double> timeScale, Option<bool> json)
    {
        var includeAll = new Option<bool>("--include-all") { Description = "also the template archives and the kubeconfig reference" };
        var preDestroy = new Option<bool>("--pre-destroy") { Description = "mark it as the backup taken before a teardown (kept for its own retention)" };
        var retentionDays = new Option<int?>("--retention-days") { Description = "days until it expires (default: the spec's backup.retention_days)" };
        var backup = new Command("backup", "back up Coder: database dump, Kubernetes objects, spec and state, manifest; then retention")
        {
            env, sandbox, timeScale, json, includeAll, preDestroy, retentionDays,
        };
        backup.SetAction((parse, ct) => RunBackupAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(timeScale), parse.GetValue(json),
            new BackupInput(parse.GetValue(env)!, parse.GetValue(includeAll), parse.GetValue(preDestroy), parse.GetValue(retentionDays)), ct));
        run.Subcommands.Add(backup);

        var selector = BackupOption();
        var confirm = new Option<bool>("--confirm") { Description = "really restore (without it: show what would be restored, change nothing)" };
        var force = new Option<bool>("--force") { Description = "restore onto a Coder version other than the backup's (recorded in the run)" };
        var restore = new Command("restore", "restore Coder's database and objects from a backup")
        {
            env, sandbox, timeScale, json, selector, confirm, force,
        };
        restore.SetAction((parse, ct) => RunRestoreAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(timeScale), parse.GetValue(json),
            new RestoreInput(parse.GetValue(env)!, parse.GetValue(selector)!, parse.GetValue(force)), parse.GetValue(confirm), ct));
        run.Subcommands.Add(restore);
    }

    public static Command Build(StarterContext context, Option<string> env, Option<bool> sandbox, Option<bool> json)
    {
        var selector = BackupOption();
        var verify = new Command("verify", "recompute every checksum and restore the dump into a scratch database (dropped afterwards)") { env, sandbox, json, selector };
        verify.SetAction((parse, ct) => VerifyAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(json), parse.GetValue(selector)!, ct));
        var list = new Command("list", "the environment's backups: id, time, size, parts, Coder version, verified, expiry, pre-destroy") { env, sandbox, json };
        list.SetAction((parse, ct) => ListAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(json), ct));
        var show = new Command("show", "one backup's manifest: parts with size and SHA-256, versions, tables") { env, sandbox, json, selector };
        show.SetAction((parse, ct) => ShowAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), parse.GetValue(json), parse.GetValue(selector)!, ct));
        return new Command("backup", "verify, list and show backups (`starter run backup` makes one)") { verify, list, show };
    }

    private static Option<string> BackupOption() =>
        new("--backup") { Description = "a backup id (see `starter backup list`) or latest", DefaultValueFactory = _ => "latest" };

    private static async Task<int> RunBackupAsync(StarterContext context, string environment, bool sandbox, double timeScale, bool json, BackupInput input, CancellationToken ct)
    {
        StarterCommands.LoadEnvironment(context, environment);
        if (input.RetentionDays is < 1 or > 3650)
        {
            throw new StarterException("--retention-days must be from 1 to 3650", 2);
        }
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, timeScale, needWorker: true, $"{WorkflowNames.Backup(environment)}/starter", ct).ConfigureAwait(false);
        if (!json)
        {
            await context.Out.WriteLineAsync(runtime.ServerDescription).ConfigureAwait(false);
        }
        var scaled = input with { RetryScale = runtime.RetryScale };
        var result = await WorkflowRunner.RunAsync(context, runtime, "backup", environment, WorkflowNames.Backup(environment), (BackupWorkflow w) => w.RunAsync(scaled), json, ct).ConfigureAwait(false);
        if (result is null)
        {
            return 1;
        }
        if (json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(result)).ConfigureAwait(false);
            return 0;
        }
        await context.Out.WriteLineAsync($"Backup {result.BackupId} of {environment} completed: {Size(result.TotalBytes)} in {result.PartCount} parts, Coder {result.CoderVersion}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  manifest:  s3://{result.Bucket}/{result.ManifestKey}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  expires:   {result.ExpiresAt:u}{(result.PreDestroy ? " (pre-destroy)" : "")}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  verified:  {(result.Verification is { } v ? $"yes, scratch restore of {v.Tables} tables" : "not this time")}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  retention: {(result.DeletedByRetention.Count == 0 ? "nothing deleted" : "deleted " + string.Join(", ", result.DeletedByRetention))}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RunRestoreAsync(StarterContext context, string environment, bool sandbox, double timeScale, bool json, RestoreInput input, bool confirm, CancellationToken ct)
    {
        StarterCommands.LoadEnvironment(context, environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, timeScale, needWorker: true, $"{WorkflowNames.Restore(environment)}/starter", ct).ConfigureAwait(false);
        if (!confirm)
        {
            using var store = new BackupStore(context, runtime);
            var manifest = await store.FindAsync(environment, input.Backup, ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"would restore backup {manifest.BackupId} of {environment} (taken {manifest.StartedAt:u}, Coder {manifest.CoderVersion}, {Size(manifest.Parts.Sum(p => p.Size))}, {manifest.Tables.Count} tables)").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  it replaces {environment}'s Coder database and re-applies Coder's objects; Coder is scaled to 0 meanwhile").ConfigureAwait(false);
            await context.Error.WriteLineAsync($"starter: nothing restored: add --confirm to restore {manifest.BackupId}").ConfigureAwait(false);
            return 2;
        }
        await WorkflowRunner.RefuseWhileBusyAsync(runtime.Client, environment).ConfigureAwait(false);
        if (!json)
        {
            await context.Out.WriteLineAsync(runtime.ServerDescription).ConfigureAwait(false);
        }
        var scaled = input with { RetryScale = runtime.RetryScale };
        var result = await WorkflowRunner.RunAsync(context, runtime, "restore", environment, WorkflowNames.Restore(environment), (RestoreWorkflow w) => w.RunAsync(scaled), json, ct).ConfigureAwait(false);
        if (result is null)
        {
            return 1;
        }
        if (json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(result)).ConfigureAwait(false);
            return 0;
        }
        await context.Out.WriteLineAsync($"Restore of {environment} from {result.BackupId} completed; Coder {result.RunningCoderVersion} answers at {result.CoderUrl}").ConfigureAwait(false);
        if (result.Forced)
        {
            await context.Out.WriteLineAsync($"  FORCED onto Coder {result.RunningCoderVersion}; the backup was taken from {result.BackupCoderVersion}").ConfigureAwait(false);
        }
        await context.Out.WriteLineAsync($"  database: {Size(result.DatabaseBytes)} restored; {result.Objects.Count} objects re-applied; health checks {result.Health.Checks.Count(c => c.Passed)}/{result.Health.Checks.Count} passed").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> VerifyAsync(StarterContext context, string environment, bool sandbox, bool json, string backup, CancellationToken ct)
    {
        StarterCommands.LoadEnvironment(context, environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"{WorkflowNames.VerifyBackup(environment)}/starter", ct).ConfigureAwait(false);
        var input = new BackupVerifyInput(environment, backup, RetryScale: runtime.RetryScale);
        var result = await WorkflowRunner.RunAsync(context, runtime, "verification", environment, WorkflowNames.VerifyBackup(environment), (BackupVerifyWorkflow w) => w.RunAsync(input), json, ct).ConfigureAwait(false);
        if (result is null)
        {
            return 1;
        }
        if (json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(result)).ConfigureAwait(false);
            return result.Passed ? 0 : 1;
        }
        foreach (var problem in result.Checksums.Problems)
        {
            await context.Out.WriteLineAsync($"  damaged: {problem}").ConfigureAwait(false);
        }
        foreach (var difference in result.Restore?.Differences ?? [])
        {
            await context.Out.WriteLineAsync($"  differs: {difference}").ConfigureAwait(false);
        }
        if (result.Passed)
        {
            await context.Out.WriteLineAsync($"Backup {result.BackupId} of {environment} verified: {result.Checksums.Backup.PartCount} parts match their checksums; restored into a scratch database, {result.Restore!.Tables} tables and {result.Restore.Rows} rows as recorded").ConfigureAwait(false);
            return 0;
        }
        await context.Error.WriteLineAsync($"starter: backup {result.BackupId} of {environment} failed verification: {string.Join("; ", result.Checksums.Problems.Concat(result.Restore?.Differences ?? []))}").ConfigureAwait(false);
        return 1;
    }

    private static async Task<int> ListAsync(StarterContext context, string environment, bool sandbox, bool json, CancellationToken ct)
    {
        StarterCommands.LoadEnvironment(context, environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"backup-list-{environment}", ct).ConfigureAwait(false);
        using var store = new BackupStore(context, runtime);
        var rows = await store.ListAsync(environment, ct).ConfigureAwait(false);
        if (json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(rows.Select(r => new
            {
                id = r.Entry.Id,
                startedAt = r.Entry.StartedAt,
                complete = r.Entry.IsComplete,
                size = r.Entry.Manifest?.Parts.Sum(p => p.Size),
                parts = r.Entry.Manifest?.Parts.Count,
                coderVersion = r.Entry.Manifest?.CoderVersion,
                verifiedAt = r.VerifiedAt,
                expiresAt = r.Entry.Manifest?.ExpiresAt,
                preDestroy = r.Entry.Manifest?.PreDestroy ?? false,
            }).ToList())).ConfigureAwait(false);
            return 0;
        }
        if (rows.Count == 0)
        {
            await context.Out.WriteLineAsync($"no backups of {environment} yet (`starter run backup --env={environment}` makes one)").ConfigureAwait(false);
            return 0;
        }
        await context.Out.WriteLineAsync($"{"ID",-24} {"TIME (UTC)",-20} {"SIZE",10} {"PARTS",5} {"CODER",-10} {"VERIFIED",-9} {"EXPIRES",-11} PRE-DESTROY").ConfigureAwait(false);
        foreach (var (entry, verifiedAt) in rows)
        {
            if (entry.Manifest is not { } m)
            {
                await context.Out.WriteLineAsync($"{entry.Id,-24} {entry.StartedAt:yyyy-MM-dd HH:mm:ss}  (incomplete: no manifest; never offered for restore)").ConfigureAwait(false);
                continue;
            }
            await context.Out.WriteLineAsync($"{entry.Id,-24} {entry.StartedAt:yyyy-MM-dd HH:mm:ss}  {Size(m.Parts.Sum(p => p.Size)),10} {m.Parts.Count,5} {m.CoderVersion,-10} {(verifiedAt is null ? "no" : "yes"),-9} {m.ExpiresAt:yyyy-MM-dd}  {(m.PreDestroy ? "yes" : "no")}").ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<int> ShowAsync(StarterContext context, string environment, bool sandbox, bool json, string backup, CancellationToken ct)
    {
        StarterCommands.LoadEnvironment(context, environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"backup-show-{environment}", ct).ConfigureAwait(false);
        using var store = new BackupStore(context, runtime);
        var manifest = await store.FindAsync(environment, backup, ct).ConfigureAwait(false);
        if (json)
        {
            await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(BackupManifestJson.Serialize(manifest))).ConfigureAwait(false);
            await context.Out.WriteLineAsync().ConfigureAwait(false);
            return 0;
        }
        await context.Out.WriteLineAsync($"Backup {manifest.BackupId} of {manifest.Environment} (#{manifest.Sequence})").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  started {manifest.StartedAt:u}, completed {manifest.CompletedAt:u}, expires {manifest.ExpiresAt:u}{(manifest.PreDestroy ? ", pre-destroy" : "")}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  Coder {manifest.CoderVersion}, schema_migrations {(manifest.SchemaMigration is { } sm ? $"{sm.Version}{(sm.Dirty ? " (dirty)" : "")}" : "absent")}, spec {manifest.SpecDigest}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  {manifest.DumpToolVersion}; {manifest.ToolVersion}; {manifest.Tables.Count} tables, {manifest.Tables.Sum(t => t.Rows)} rows").ConfigureAwait(false);
        foreach (var part in manifest.Parts)
        {
            await context.Out.WriteLineAsync($"  {part.Name,-22} {Size(part.Size),10}  sha256:{part.Sha256}  {part.Key}").ConfigureAwait(false);
        }
        return 0;
    }

    internal static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes} B",
    };
}
