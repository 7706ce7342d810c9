using CoderBootstrap.Activities.Runtime;
using Temporalio.Common;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>The committed histories of real runs (tests/Workflows.Tests/Histories/&lt;workflow id&gt;.json) and a replayer of the product's workflows.</summary>
internal static class Histories
{
    public static string Directory { get; } =
        Path.Combine(CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory), "tests", "Workflows.Tests", "Histories");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal);

    public static WorkflowHistory Load(string name) => WorkflowHistory.FromJson(name, File.ReadAllText(Path.Combine(Directory, name + ".json")));

    public static WorkflowReplayerOptions ProductWorkflows() =>
        new WorkflowReplayerOptions { TaskQueue = WorkflowNames.TaskQueue }
            .AddWorkflow<SetupWorkflow>()
            .AddWorkflow<InfraPhaseWorkflow>()
            .AddWorkflow<CoderPhaseWorkflow>()
            .AddWorkflow<BackupWorkflow>()
            .AddWorkflow<RestoreWorkflow>()
            .AddWorkflow<BackupVerifyWorkflow>()
            .AddWorkflow<TeardownWorkflow>()
            .AddWorkflow<CostCheckWorkflow>()
            .AddWorkflow<ScaleWorkflow>()
            .AddWorkflow<TtlWorkflow>();
}
