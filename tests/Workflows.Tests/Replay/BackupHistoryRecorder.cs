using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>
/// Records the replay histories of a backup (verified), a verification and a restore of a dev
/// setup, then of its teardown with the pre-destroy backup (only with <c>RECORD_HISTORIES=1</c>).
/// </summary>
public sealed class BackupHistoryRecorder
{
    [RecordingFact]
    public async Task RecordTheHistoriesOfABackupAVerificationARestoreAndATeardown()
    {
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev")), new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue))
                .WaitAsync(TimeSpan.FromMinutes(3));
            var input = new BackupInput("dev", true, false, null, null, null, true);
            var backup = await cloud.Client.ExecuteWorkflowAsync((BackupWorkflow w) => w.RunAsync(input), new(WorkflowNames.Backup("dev"), WorkflowNames.TaskQueue))
                .WaitAsync(TimeSpan.FromMinutes(3));
            var verify = new BackupVerifyInput("dev", backup.BackupId);
            await cloud.Client.ExecuteWorkflowAsync((BackupVerifyWorkflow w) => w.RunAsync(verify), new(WorkflowNames.VerifyBackup("dev"), WorkflowNames.TaskQueue))
                .WaitAsync(TimeSpan.FromMinutes(3));
            var restore = new RestoreInput("dev", backup.BackupId);
            await cloud.Client.ExecuteWorkflowAsync((RestoreWorkflow w) => w.RunAsync(restore), new(WorkflowNames.Restore("dev"), WorkflowNames.TaskQueue))
                .WaitAsync(TimeSpan.FromMinutes(3));

            foreach (var id in new[] { WorkflowNames.Backup("dev"), WorkflowNames.VerifyBackup("dev"), WorkflowNames.Restore("dev") })
            {
                var history = await cloud.Client.GetWorkflowHandle(id).FetchHistoryAsync();
                await File.WriteAllTextAsync(Path.Combine(Histories.Directory, id + ".json"), history.ToJson());
            }

            await cloud.Client.ExecuteWorkflowAsync((TeardownWorkflow w) => w.RunAsync(new TeardownInput("dev")), new(WorkflowNames.Teardown("dev"), WorkflowNames.TaskQueue))
                .WaitAsync(TimeSpan.FromMinutes(3));
            var teardown = await cloud.Client.GetWorkflowHandle(WorkflowNames.Teardown("dev")).FetchHistoryAsync();
            await File.WriteAllTextAsync(Path.Combine(Histories.Directory, WorkflowNames.Teardown("dev") + ".json"), teardown.ToJson());
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }
}
