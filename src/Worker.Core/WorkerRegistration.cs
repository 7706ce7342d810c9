using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Workflows;
using Temporalio.Worker;

namespace CoderBootstrap.Worker;

/// <summary>The workflows and activities one worker hosts; the one registration of the Worker host and the Starter's in-process worker.</summary>
public static class WorkerRegistration
{
    public static TemporalWorkerOptions AddCoderBootstrap(this TemporalWorkerOptions options, ActivityServices services)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Interceptors = [.. options.Interceptors ?? [], new LogContextInterceptor(), new PermanentKubernetesErrorsInterceptor()];
        options.AddWorkflow<SetupWorkflow>().AddWorkflow<InfraPhaseWorkflow>().AddWorkflow<CoderPhaseWorkflow>().AddWorkflow<TeardownWorkflow>()
            .AddWorkflow<BackupWorkflow>().AddWorkflow<RestoreWorkflow>().AddWorkflow<BackupVerifyWorkflow>()
            .AddWorkflow<CostCheckWorkflow>().AddWorkflow<ScaleWorkflow>().AddWorkflow<TtlWorkflow>();
        foreach (var activities in ActivitySet.Create(services))
        {
            options.AddAllActivities(activities.GetType(), activities);
        }
        return options;
    }
}
