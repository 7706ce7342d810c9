using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;
using CoderBootstrap.Workflows;
using Temporalio.Worker;

namespace CoderBootstrap.Worker;

/// <summary>The workflows and activities one worker hosts; shared by the Worker host and the Starter's in-process worker.</summary>
public static class WorkerRegistration
{
    public static TemporalWorkerOptions AddCoderBootstrap(this TemporalWorkerOptions options, ActivityServices services)
    {
        options.Interceptors = [.. options.Interceptors ?? [], new LogContextInterceptor(), new PermanentKubernetesErrorsInterceptor()];
        return options
            .AddWorkflow<SetupWorkflow>()
            .AddWorkflow<InfraPhaseWorkflow>()
            .AddWorkflow<CoderPhaseWorkflow>()
            .AddAllActivities(new InfraActivities(services))
            .AddAllActivities(new CoderActivities(services))
            .AddAllActivities(new SetupActivities(services));
    }
}
