using System.Text;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Notifications;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Sandbox.Runtime;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>Lifecycle notifications of setup and teardown runs with stand-in activities (and, for email, the real delivery activity and an SMTP receiver).</summary>
public sealed class FastNotificationWorkflowTests : IClassFixture<FastWorkflowFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private readonly FastWorkflowFixture _fixture;

    public FastNotificationWorkflowTests(FastWorkflowFixture fixture) => _fixture = fixture;

    private Task RunAsync(Action<StandInActivities> arrange, Func<string, StandInActivities, string, Task> test) =>
        _fixture.RunWithTeardownAsync(arrange, test);

    private Task<WorkflowHandle<SetupWorkflow, SetupResult>> StartSetupAsync(string taskQueue, SetupInput input) =>
        _fixture.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Setup(input.Environment), taskQueue));

    private Task<WorkflowHandle<TeardownWorkflow, TeardownResult>> StartTeardownAsync(string taskQueue, TeardownInput input) =>
        _fixture.Client.StartWorkflowAsync((TeardownWorkflow w) => w.RunAsync(input), new(WorkflowNames.Teardown(input.Environment), taskQueue));

    private void RequireApproval(string env) =>
        File.WriteAllText(_fixture.SpecFile(env), File.ReadAllText(_fixture.SpecFile(env)).Replace("approval_required: false", "approval_required: true", StringComparison.Ordinal));

    [Fact]
    public async Task ASetupSendsStartedThenCompletedWithItsRunAndCoderUrl()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            var handle = await StartSetupAsync(queue, new SetupInput(env));
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal(["setup.started", "setup.completed"], standIns.NotifiedEvents);
            var notifications = standIns.InputsOf<Notification>("Deliver");
            Assert.All(notifications, n => Assert.Equal((env, WorkflowNames.Setup(env), handle.ResultRunId), (n.Environment, n.WorkflowId, n.RunId)));
            Assert.Equal(result.CoderUrl, notifications[1].Details["coder url"]);
            Assert.True(notifications[0].Time <= notifications[1].Time);
        });
    }

    [Fact]
    public async Task AFailedSetupSendsFailedWithTheErrorInsteadOfCompleted()
    {
        await RunAsync(s => s.FailPermanently("PushTemplate", FailureKind.TemplateImportFailed, "template go-fiber: the import job failed: no agent"), async (env, standIns, queue) =>
        {
            var handle = await StartSetupAsync(queue, new SetupInput(env));
            await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(RunTimeout));

            Assert.Equal(["setup.started", "setup.failed"], standIns.NotifiedEvents);
            var failed = standIns.InputsOf<Notification>("Deliver")[1];
            Assert.Equal("template go-fiber: the import job failed: no agent", failed.Details["error"]);
            Assert.Contains("failed: template go-fiber", failed.Title);
        });
    }

    [Fact]
    public async Task ASetupWaitingForApprovalSendsApprovalWaitingWithTheCommandToApprove()
    {
        await RunAsync(s => s.ApprovalRequired = true, async (env, standIns, queue) =>
        {
            var handle = await StartSetupAsync(queue, new SetupInput(env));
            await TestSupport.WaitUntilAsync(() => Task.FromResult(standIns.NotifiedEvents.Contains("approval.waiting")));

            var waiting = standIns.InputsOf<Notification>("Deliver").Single(n => n.Event == "approval.waiting");
            Assert.Equal($"starter approve --env={env}", waiting.Details["approve"]);
            Assert.Equal(0, standIns.CountOf("EnsurePrivateNetwork"));
            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "alice", null)));
            await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal(["setup.started", "approval.waiting", "setup.completed"], standIns.NotifiedEvents);
        });
    }

    [Fact]
    public async Task AReceiverDownForGoodDoesNotFailTheSetupAfterEachNotificationsRetries()
    {
        await RunAsync(s => s.NotificationsDownForGood = true, async (env, standIns, queue) =>
        {
            var result = await (await StartSetupAsync(queue, new SetupInput(env, RetryScale: 0.001))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal("completed", result.Outcome);
            // Five attempts each (ActivityPolicies.Notify), started and completed.
            Assert.Equal(Enumerable.Repeat("setup.started", 5).Concat(Enumerable.Repeat("setup.completed", 5)), standIns.NotifiedEvents);
        });
    }

    [Fact]
    public async Task WithNoChannelConfiguredOnlyTheFirstNotificationOfARunIsScheduled()
    {
        await RunAsync(s => { s.NotificationsWanted = []; s.ApprovalRequired = true; }, async (env, standIns, queue) =>
        {
            var result = await (await StartSetupAsync(queue, new SetupInput(env, AutoApprove: true))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal("completed", result.Outcome);
            Assert.Equal(["setup.started"], standIns.NotifiedEvents);
        });
    }

    [Fact]
    public async Task ChannelsThatWantOnlyFailuresGetNoStartedOrCompletedAfterTheFirstAnswer()
    {
        await RunAsync(s => s.NotificationsWanted = ["setup.failed"], async (env, standIns, queue) =>
        {
            await (await StartSetupAsync(queue, new SetupInput(env))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.Equal(["setup.started"], standIns.NotifiedEvents);
        });
    }

    [Fact]
    public async Task ATeardownWaitingAtTheApprovalGateSendsApprovalWaitingThenCompleted()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            RequireApproval(env);
            var handle = await StartTeardownAsync(queue, new TeardownInput(env));
            await TestSupport.WaitUntilAsync(() => handle.QueryAsync(w => w.AwaitingApproval));
            await TestSupport.WaitUntilAsync(() => Task.FromResult(standIns.NotifiedEvents.Contains("approval.waiting")));

            var waiting = standIns.InputsOf<Notification>("Deliver").Single(n => n.Event == "approval.waiting");
            Assert.Equal($"starter approve --env={env}", waiting.Details["approve"]);
            await handle.ExecuteUpdateAsync(w => w.DecideAsync(new ApprovalDecision(true, "carol", null)));
            var result = await handle.GetResultAsync().WaitAsync(RunTimeout);
            Assert.Equal(["teardown.started", "approval.waiting", "teardown.completed"], standIns.NotifiedEvents);
            Assert.Equal("carol", standIns.InputsOf<Notification>("Deliver")[2].Details["approved by"]);
            Assert.Equal(result.Outcome, standIns.InputsOf<Notification>("Deliver")[2].Details["outcome"]);
        });
    }

    [Fact]
    public async Task ADryRunTeardownSendsNoNotification()
    {
        await RunAsync(_ => { }, async (env, standIns, queue) =>
        {
            await (await StartTeardownAsync(queue, new TeardownInput(env, DryRun: true))).GetResultAsync().WaitAsync(RunTimeout);

            Assert.Empty(standIns.NotifiedEvents);
        });
    }

    private async Task RunBackupsAsync(Action<BackupStandIns> arrange, Func<string, StandInActivities, string, Task> test)
    {
        var env = _fixture.NewEnvironment();
        var standIns = _fixture.NewStandIns();
        standIns.Phase1Recorded = true;
        var backups = new BackupStandIns();
        arrange(backups);
        var taskQueue = "fast-notify-backup-" + Guid.NewGuid().ToString("N");
        var options = new TemporalWorkerOptions(taskQueue).AddWorkflow<BackupWorkflow>().AddWorkflow<RestoreWorkflow>();
        options.AddAllActivities(standIns);
        options.AddAllActivities(backups);
        using var worker = new TemporalWorker(_fixture.Client, options);
        await worker.ExecuteAsync(() => test(env, standIns, taskQueue));
    }

    [Fact]
    public Task ABackupSendsStartedThenCompletedWithItsManifest() => RunBackupsAsync(_ => { }, async (env, standIns, queue) =>
    {
        var result = await _fixture.Client.ExecuteWorkflowAsync((BackupWorkflow w) => w.RunAsync(new BackupInput(env)), new(WorkflowNames.Backup(env), queue)).WaitAsync(RunTimeout);

        Assert.Equal(["backup.started", "backup.completed"], standIns.NotifiedEvents);
        Assert.Equal($"s3://{result.Bucket}/{result.ManifestKey}", standIns.InputsOf<Notification>("Deliver")[1].Details["manifest"]);
    });

    [Fact]
    public Task ARestoreOfADamagedBackupSendsStartedThenFailed() => RunBackupsAsync(b => b.ChecksumsMatch = false, async (env, standIns, queue) =>
    {
        await Assert.ThrowsAsync<WorkflowFailedException>(() => _fixture.Client.ExecuteWorkflowAsync((RestoreWorkflow w) => w.RunAsync(new RestoreInput(env)),
            new(WorkflowNames.Restore(env), queue)).WaitAsync(RunTimeout));

        Assert.Equal(["restore.started", "restore.failed"], standIns.NotifiedEvents);
        Assert.Contains("is damaged, nothing was changed", standIns.InputsOf<Notification>("Deliver")[1].Details["error"]);
    });

    [Fact]
    public async Task AnEmailArrivesThroughTheSmtpRelayWithSubjectAndBodyAndItsPasswordIsNotInTheHistory()
    {
        const string Password = "smtp-pw-9f3c1e77b2";
        await using var smtp = SmtpReceiver.Start();
        var channels = Path.Combine(_fixture.EnvironmentsDirectory, $"notifications-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(channels, $"""
            channels:
              - name: email
                type: smtp
                host: 127.0.0.1
                port: {smtp.Port}
                tls: none
                from: coder-bootstrap@example.com
                to: [ops@example.com]
                username: {"{"} from_env: FAST_SMTP_USER {"}"}
                password: {"{"} from_env: FAST_SMTP_PASSWORD {"}"}
            """);
        var variables = new Dictionary<string, string> { ["FAST_SMTP_USER"] = "mailer", ["FAST_SMTP_PASSWORD"] = Password };
        using var http = new HttpClient();
        await RunAsync(s => s.RealNotifications = new NotificationActivities(http, () => NotificationChannels.Load(channels), variables.GetValueOrDefault, Serilog.Core.Logger.None),
            async (env, standIns, queue) =>
            {
                var handle = await StartSetupAsync(queue, new SetupInput(env));
                await handle.GetResultAsync().WaitAsync(RunTimeout);

                Assert.Equal(2, smtp.Messages.Count);
                var completed = smtp.Messages[1];
                Assert.Equal(("coder-bootstrap@example.com", "ops@example.com", "mailer", Password), (completed.From, completed.To.Single(), completed.AuthUser, completed.AuthPassword));
                Assert.StartsWith($"[coder-bootstrap {env}] setup of {env} completed", completed.Subject);
                Assert.Contains("event: setup.completed", completed.Body);
                Assert.Contains($"{WorkflowNames.Setup(env)} run {handle.ResultRunId}", completed.Body);
                Assert.Contains("coder url: ", completed.Body);
                Assert.Equal($"[coder-bootstrap {env}] setup of {env} started", smtp.Messages[0].Subject);
                // Payloads are base64 in the JSON form: search the raw bytes of every event; the event name is the control.
                var history = await handle.FetchHistoryAsync();
                var texts = history.Events.Select(e => Encoding.UTF8.GetString(Google.Protobuf.MessageExtensions.ToByteArray(e))).Append(history.ToJson()).ToList();
                Assert.Contains(texts, t => t.Contains("\"setup.completed\"", StringComparison.Ordinal));
                Assert.DoesNotContain(texts, t => t.Contains(Password, StringComparison.Ordinal) || t.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)), StringComparison.Ordinal));
            });
    }
}
