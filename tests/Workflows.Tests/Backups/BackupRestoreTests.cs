using System.Text;
using Amazon.S3.Model;
using CoderBootstrap.Activities.Backup;
using k8s;
using k8s.Models;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests.Backups;

/// <summary>Backups and restores of a dev setup on the embedded server and the sandbox (whose managed databases are real PostgreSQL).</summary>
public sealed class BackupRestoreTests : IClassFixture<BackupCloud>
{
    private readonly BackupCloud _env;

    public BackupRestoreTests(BackupCloud env) => _env = env;

    private async Task<Kubernetes> KubernetesAsync()
    {
        var kubeconfig = (await _env.Cloud.Services.Kubeconfigs.DownloadAsync("dev"))!;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
        return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    private async Task SetCoderImageAsync(string version)
    {
        using var client = await KubernetesAsync();
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("coder", "coder");
        deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "coder").Image = $"ghcr.io/coder/coder:{version}";
        await client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, "coder", "coder");
    }

    private async Task<string> RunningImageAsync()
    {
        using var client = await KubernetesAsync();
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("coder", "coder");
        return deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "coder").Image;
    }

    [Fact]
    public async Task RestoreBringsBackTheRowsOfTheBackupAndCoderIsHealthy()
    {
        await _env.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL, dirty boolean NOT NULL);
            DELETE FROM schema_migrations; INSERT INTO schema_migrations VALUES (318, false);
            CREATE TABLE IF NOT EXISTS workspaces_probe (name text PRIMARY KEY);
            DELETE FROM workspaces_probe; INSERT INTO workspaces_probe VALUES ('alpha'), ('beta');
            """);
        var (code, output, error) = await _env.StarterAsync("run", "backup", "--env=dev");
        Assert.True(code == 0, error + output);
        Assert.Contains("backup/database dump completed", output);
        var backupId = output.Split('\n').Single(l => l.StartsWith("Backup ", StringComparison.Ordinal)).Split(' ')[1];
        var manifest = (await _env.ListAsync()).Single(e => e.Id == backupId).Manifest!;
        Assert.Equal(318, manifest.SchemaMigration!.Version);
        Assert.Contains(manifest.Tables, t => t.Table == "workspaces_probe" && t.Rows == 2);

        await _env.ExecuteAsync("DELETE FROM workspaces_probe WHERE name = 'alpha'; INSERT INTO workspaces_probe VALUES ('gamma');");
        var (previewCode, preview, _) = await _env.StarterAsync("run", "restore", "--env=dev", $"--backup={backupId}");
        Assert.Equal(2, previewCode);
        Assert.Contains($"would restore backup {backupId}", preview);
        Assert.Equal(["beta", "gamma"], await _env.ReadStringsAsync("SELECT name FROM workspaces_probe ORDER BY name"));

        var (restoreCode, restored, restoreError) = await _env.StarterAsync("run", "restore", "--env=dev", $"--backup={backupId}", "--confirm");
        Assert.True(restoreCode == 0, restoreError + restored);
        Assert.Equal(["alpha", "beta"], await _env.ReadStringsAsync("SELECT name FROM workspaces_probe ORDER BY name"));
        Assert.Contains("restore/scale down completed", restored);
        Assert.Contains("restore/health checks completed", restored);
        using var http = new HttpClient();
        Assert.Equal("OK", await http.GetStringAsync($"{_env.CoderUrl}/healthz"));
    }

    [Fact]
    public async Task RestoreOntoAnotherCoderVersionIsRefusedAndChangesNothing()
    {
        var backup = await _env.BackupAsync();
        var original = await RunningImageAsync();
        await SetCoderImageAsync("9.9.9");
        try
        {
            var mutationsBefore = _env.Cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;
            var (code, _, error) = await _env.StarterAsync("run", "restore", "--env=dev", $"--backup={backup.BackupId}", "--confirm");
            Assert.Equal(1, code);
            Assert.Contains($"was taken from Coder {backup.CoderVersion} but dev runs Coder 9.9.9", error);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Equal(mutationsBefore, _env.Cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
            using var client = await KubernetesAsync();
            Assert.Equal(1, (await client.AppsV1.ReadNamespacedDeploymentAsync("coder", "coder")).Spec.Replicas);
        }
        finally
        {
            await SetCoderImageAsync(original.Split(':')[^1]);
        }
    }

    [Fact]
    public async Task BackupVerifyRestoresIntoAScratchDatabaseAndDetectsATamperedPart()
    {
        var backup = await _env.BackupAsync();
        var (code, output, error) = await _env.StarterAsync("backup", "verify", "--env=dev", $"--backup={backup.BackupId}");
        Assert.True(code == 0, error + output);
        Assert.Contains("restored into a scratch database", output);

        var key = BackupLayout.PartKey(backup.BackupId, "kubernetes.yaml");
        await _env.Cloud.Services.S3.PutObjectAsync(new PutObjectRequest { BucketName = _env.Bucket, Key = key, ContentBody = "kind: Tampered\n" });
        var (tamperedCode, tampered, tamperedError) = await _env.StarterAsync("backup", "verify", "--env=dev", $"--backup={backup.BackupId}");
        Assert.Equal(1, tamperedCode);
        Assert.Contains("damaged: kubernetes:", tampered);
        Assert.Contains("failed verification", tamperedError);
        var (restoreCode, _, restoreError) = await _env.StarterAsync("run", "restore", "--env=dev", $"--backup={backup.BackupId}", "--confirm");
        Assert.Equal(1, restoreCode);
        Assert.Contains("is damaged, nothing was changed", restoreError);
    }

    [Fact]
    public async Task KilledWorkerMidDumpIsRetriedToACompleteVerifiedBackupWithNoHalfObject()
    {
        // About 24 MiB of incompressible rows: a dump of several 8 MiB parts, each held up by the fault below.
        await _env.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS blobs_probe (id int PRIMARY KEY, payload bytea);
            TRUNCATE blobs_probe;
            INSERT INTO blobs_probe SELECT i, decode(string_agg(md5(random()::text || i || j), ''), 'hex')
              FROM generate_series(1, 3000) i, generate_series(1, 512) j GROUP BY i;
            """);
        try
        {
            _env.Cloud.Sandbox.Runtime.SetFault(new Sandbox.Runtime.SandboxFaultRule { Operation = "s3.multipart.upload-part", LatencyMs = 1500 });
            var input = new BackupInput("dev", false, false, null, null, null, true);
            var handle = await _env.Cloud.Client.StartWorkflowAsync((BackupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Backup("dev"), WorkflowNames.TaskQueue));
            await TestSupport.WaitUntilAsync(async () => (await _env.Cloud.Client.WorkflowService.DescribeWorkflowExecutionAsync(new()
            {
                Namespace = _env.Cloud.Client.Options.Namespace,
                Execution = new() { WorkflowId = handle.Id },
            })).PendingActivities.Any(a => a.ActivityType.Name == "DumpDatabase" && a.HeartbeatDetails is { Payloads_.Count: > 0 }), 120);
            await _env.Cloud.StopWorkerAsync();
            _env.Cloud.Sandbox.Runtime.ClearFaults();
            _env.Cloud.StartWorker();
            var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));

            Assert.True(result.Verification!.Matches);
            var attempts = (await handle.FetchHistoryAsync()).Events.Where(e => e.EventType == EventType.ActivityTaskStarted)
                .Select(e => e.ActivityTaskStartedEventAttributes.Attempt).Max();
            Assert.True(attempts >= 2, "the dump was retried");
            Assert.All(await _env.ListAsync(), e => Assert.True(e.IsComplete, $"{e.Id} listed without a manifest"));
            var uploads = await _env.Cloud.Services.S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _env.Bucket });
            Assert.Empty(uploads.MultipartUploads ?? []);
            var (code, output, error) = await _env.StarterAsync("backup", "verify", "--env=dev", $"--backup={result.BackupId}");
            Assert.True(code == 0, error + output);
        }
        finally
        {
            _env.Cloud.Sandbox.Runtime.ClearFaults();
            await _env.ExecuteAsync("DROP TABLE IF EXISTS blobs_probe");
        }
    }

    [Fact]
    public async Task ListShowsCompleteBackupsWithTheirCoderVersionAndShowPrintsEveryPartChecksum()
    {
        var backup = await _env.BackupAsync(new BackupInput("dev", IncludeAll: true, PreDestroy: true, RetentionDays: 90));
        var (code, output, _) = await _env.StarterAsync("backup", "list", "--env=dev", "--json");
        Assert.Equal(0, code);
        var rows = System.Text.Json.JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        var row = rows.Single(r => r.GetProperty("id").GetString() == backup.BackupId);
        Assert.True(row.GetProperty("preDestroy").GetBoolean());
        Assert.Equal(backup.CoderVersion, row.GetProperty("coderVersion").GetString());
        var (showCode, show, _) = await _env.StarterAsync("backup", "show", "--env=dev", $"--backup={backup.BackupId}");
        Assert.Equal(0, showCode);
        foreach (var part in new[] { "database", "kubernetes", "spec", "infra-state", "coder-state", "kubeconfig-reference", "template:react-typescript" })
        {
            Assert.Contains($"  {part} ", show);
        }
        var (missingCode, _, missingError) = await _env.StarterAsync("backup", "show", "--env=dev", "--backup=20200101T000000Z-000000");
        Assert.Equal(2, missingCode);
        Assert.Single(missingError.Trim().Split('\n'));
    }

    [Fact]
    public async Task SchedulesApplyTwiceChangesNothingTheSecondTimeAndATriggerRunsABackup()
    {
        var (code, first, error) = await _env.StarterAsync("schedules", "apply", "--env=dev");
        Assert.True(code == 0, error);
        Assert.Contains("backup-dev: created", first);
        var (_, second, _) = await _env.StarterAsync("schedules", "apply", "--env=dev");
        Assert.Contains("backup-dev: unchanged", second);
        Assert.Contains("nothing changed", second);
        try
        {
            var before = (await _env.ListAsync()).Count(e => e.IsComplete);
            var (triggerCode, _, triggerError) = await _env.StarterAsync("schedules", "trigger", "--env=dev");
            Assert.True(triggerCode == 0, triggerError);
            await TestSupport.WaitUntilAsync(async () =>
            {
                await foreach (var run in _env.Cloud.Client.ListWorkflowsAsync("WorkflowType = 'BackupWorkflow' AND ExecutionStatus = 'Completed'"))
                {
                    if (run.Id.StartsWith("backup-dev-", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
                return false;
            }, 180);
            Assert.True((await _env.ListAsync()).Count(e => e.IsComplete) > before || before >= 3);
            var (_, described, _) = await _env.StarterAsync("schedules", "describe", "--env=dev");
            Assert.Contains("ran:", described);
        }
        finally
        {
            await _env.StarterAsync("schedules", "delete", "--env=dev");
        }
    }

    [Fact]
    public async Task NoSecretAppearsInAnyBackupObjectHistoryOrLog()
    {
        var backup = await _env.BackupAsync(new BackupInput("dev", IncludeAll: true, Verify: true));
        var kubeconfig = (await _env.Cloud.Services.Kubeconfigs.DownloadAsync("dev"))!;
        var token = kubeconfig.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("token:", StringComparison.Ordinal))["token:".Length..].Trim();
        using var client = await KubernetesAsync();
        var adminPassword = Encoding.UTF8.GetString((await client.CoreV1.ReadNamespacedSecretAsync("coder-admin", "coder")).Data["password"]);
        var secrets = new Dictionary<string, string>
        {
            ["Scaleway secret key"] = _env.Cloud.Sandbox.SecretKey,
            ["kubeconfig token"] = token,
            ["database password"] = await _env.DatabasePasswordAsync(),
            ["admin password"] = adminPassword,
        };
        var texts = new List<(string Where, string Text)>();
        var s3 = _env.Cloud.Services.S3;
        var objects = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _env.Bucket, Prefix = backup.BackupId + "/" });
        Assert.True(objects.S3Objects.Count >= 6);
        foreach (var item in objects.S3Objects)
        {
            using var response = await s3.GetObjectAsync(_env.Bucket, item.Key);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content);
            texts.Add((item.Key, Encoding.Latin1.GetString(content.ToArray())));
        }
        foreach (var id in new[] { WorkflowNames.Backup("dev"), WorkflowNames.Restore("dev"), WorkflowNames.VerifyBackup("dev") })
        {
            try
            {
                var history = await _env.Cloud.Client.GetWorkflowHandle(id).FetchHistoryAsync();
                texts.Add(($"history of {id}", history.ToJson()));
                texts.AddRange(history.Events.Select(e => ($"event {e.EventId} of {id}", Encoding.UTF8.GetString(Google.Protobuf.MessageExtensions.ToByteArray(e)))));
            }
            catch (Temporalio.Exceptions.RpcException)
            {
            }
        }
        texts.AddRange(_env.Cloud.LogLines.Select(l => ("log", l)));
        // Control: the secret's name in Coder's namespace is in the exported objects; its value is not.
        Assert.Contains(texts, t => t.Where.EndsWith("kubernetes.yaml", StringComparison.Ordinal) && t.Text.Contains("coder-admin", StringComparison.Ordinal));
        foreach (var (name, secret) in secrets)
        {
            Assert.True(secret.Length >= 8);
            foreach (var (where, text) in texts)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{name} found in {where}");
                Assert.False(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), StringComparison.Ordinal), $"{name} (base64) found in {where}");
            }
        }
    }

    private async Task<string> WriteFakeBackupAsync(DateTimeOffset startedAt, string shortId, DateTimeOffset? expiresAt, bool preDestroy, bool complete)
    {
        var writer = new BackupObjectWriter(_env.Cloud.Services.S3);
        var id = BackupLayout.NewBackupId(startedAt, shortId);
        var part = await writer.WritePartAsync(_env.Bucket, id, BackupPartNames.Spec, "spec.json", "application/json", Encoding.UTF8.GetBytes("{}"), CancellationToken.None);
        if (complete)
        {
            await writer.WriteManifestAsync(_env.Bucket, new BackupManifest
            {
                BackupId = id, Environment = "dev", StartedAt = startedAt, CompletedAt = startedAt.AddMinutes(1), CoderVersion = "2.24.1",
                SpecDigest = "sha256:old", ToolVersion = "test", DumpToolVersion = "pg_dump 15", ExpiresAt = expiresAt, PreDestroy = preDestroy, Parts = [part],
            }, CancellationToken.None);
        }
        return id;
    }

    [Fact]
    public async Task RetentionAfterABackupDeletesExpiredBackupsButKeepsTheNewestKeepLastAndAPreDestroyOneUntilItsOwnExpiry()
    {
        var old = new DateTimeOffset(2020, 1, 1, 3, 0, 0, TimeSpan.Zero);
        var expired = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            expired.Add(await WriteFakeBackupAsync(old.AddDays(i), $"e0000{i}", old.AddDays(i + 7), false, true));
        }
        var preDestroy = await WriteFakeBackupAsync(old.AddDays(-1), "d00000", new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), true, true);
        var incomplete = await WriteFakeBackupAsync(old.AddDays(-2), "c00000", null, false, false);
        var completeBefore = (await _env.ListAsync()).Where(e => e.IsComplete).Select(e => e.Id).ToList();

        var result = await _env.BackupAsync();

        var newestThree = completeBefore.Append(result.BackupId).OrderDescending(StringComparer.Ordinal).Take(3).ToHashSet();
        var expected = expired.Where(id => !newestThree.Contains(id)).Append(incomplete).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, result.DeletedByRetention.Order(StringComparer.Ordinal).ToList());
        var after = (await _env.ListAsync()).Select(e => e.Id).ToHashSet();
        Assert.Contains(preDestroy, after);
        Assert.All(newestThree, id => Assert.Contains(id, after));
        Assert.All(expected, id => Assert.DoesNotContain(id, after));
    }
}
