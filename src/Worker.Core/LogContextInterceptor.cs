using CoderBootstrap.Activities.Contracts;
using Serilog.Context;
using Temporalio.Activities;
using Temporalio.Worker.Interceptors;

namespace CoderBootstrap.Worker;

/// <summary>
/// Puts the environment, workflow id and run id of the running activity into Serilog's log context,
/// so every line an activity logs carries them (and lands in that run's log file).
/// </summary>
public sealed class LogContextInterceptor : IWorkerInterceptor
{
    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor);

    /// <summary>The environment of an activity: its first input names it (<see cref="IEnvironmentScoped"/>, or the environment name itself).</summary>
    internal static string? EnvironmentOf(IReadOnlyCollection<object?> args) => args.FirstOrDefault() switch
    {
        IEnvironmentScoped scoped => scoped.Environment,
        string name => name,
        _ => null,
    };

    private sealed class Inbound : ActivityInboundInterceptor
    {
        public Inbound(ActivityInboundInterceptor next)
            : base(next)
        {
        }

        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            var info = ActivityExecutionContext.Current.Info;
            using (LogContext.PushProperty("Environment", EnvironmentOf(input.Args) ?? "-"))
            using (LogContext.PushProperty("WorkflowId", info.WorkflowId))
            using (LogContext.PushProperty("RunId", info.WorkflowRunId))
            using (LogContext.PushProperty("Activity", info.ActivityType))
            {
                return await base.ExecuteActivityAsync(input).ConfigureAwait(false);
            }
        }
    }
}
