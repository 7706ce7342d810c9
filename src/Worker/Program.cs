using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;
using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.Worker;
using CoderBootstrap.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Temporalio.Extensions.Hosting;

// The worker host: connects to the Temporal server chosen by the shared selector and runs the
// setup, phase-1 and phase-2 workflows with their activities until stopped (Ctrl-C / SIGTERM).
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables("CODER_BOOTSTRAP_");
var root = builder.Configuration["RepositoryRoot"] is { Length: > 0 } configuredRoot
    ? configuredRoot
    : CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);
var logs = builder.Configuration["LogsDirectory"] ?? Path.Combine(root, "logs");
Log.Logger = RunLogging.Configure(new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration), logs, Console.Out).CreateLogger();
using var sdkLogs = SdkLogging.RouteTo(Log.Logger);
builder.Services.AddSerilog();

var options = new CoderBootstrapOptions
{
    RepositoryRoot = root,
    ResourcePollInterval = builder.Configuration.GetValue("ResourcePollInterval", TimeSpan.FromSeconds(15)),
    RolloutPollInterval = builder.Configuration.GetValue("RolloutPollInterval", TimeSpan.FromSeconds(5)),
};
await using var server = await TemporalServerSelector.SelectAsync(new TemporalServerRequest
{
    StateFile = builder.Configuration["TemporalStateFile"] ?? Path.Combine(root, ".local", "temporal.db"),
    Port = builder.Configuration.GetValue("TemporalPort", 7233),
});
Log.Information("{Description}", server.Description);

builder.Services.AddSingleton(options);
builder.Services.AddSingleton(sp => new ActivityServices(options, Log.Logger));
builder.Services
    .AddHostedTemporalWorker(server.Address, server.Namespace, WorkflowNames.TaskQueue)
    .ConfigureOptions(o => o.Interceptors = [new LogContextInterceptor(), new PermanentKubernetesErrorsInterceptor()])
    .AddWorkflow<SetupWorkflow>()
    .AddWorkflow<InfraPhaseWorkflow>()
    .AddWorkflow<CoderPhaseWorkflow>()
    .AddSingletonActivities<InfraActivities>()
    .AddSingletonActivities<CoderActivities>()
    .AddSingletonActivities<SetupActivities>();

try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Log.Fatal(e, "worker stopped");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
