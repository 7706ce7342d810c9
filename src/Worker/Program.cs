using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Worker;
using CoderBootstrap.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

// The worker host: connects to the configured Temporal server (the SDK's environment configuration:
// TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, temporal.toml profiles) and
// runs the workflows and activities of WorkerRegistration until stopped (Ctrl-C / SIGTERM). It never
// starts a server of its own: without one configured it exits with one line saying how to point it at one.
TemporalClientConnectOptions? connection;
try
{
    connection = TemporalSettings.Load(Environment.GetEnvironmentVariable);
}
catch (TemporalConfigurationException e)
{
    await Console.Error.WriteLineAsync($"coder-bootstrap-worker: {e.Message}");
    return 2;
}
if (connection is null)
{
    await Console.Error.WriteLineAsync($"coder-bootstrap-worker: no Temporal server configured: {TemporalSettings.HowToConfigure}; "
        + "to try it on one machine, `dotnet run --project src/Starter -- run setup --env=dev --sandbox` runs its own server and worker");
    return 2;
}

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables("CODER_BOOTSTRAP_");
var root = builder.Configuration["RepositoryRoot"] is { Length: > 0 } configuredRoot
    ? configuredRoot
    : CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);
var logs = builder.Configuration["LogsDirectory"] ?? Path.Combine(root, "logs");
Log.Logger = RunLogging.Configure(new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration), logs, Console.Out).CreateLogger();
using var sdkLogs = SdkLogging.RouteTo(Log.Logger);
builder.Services.AddSerilog();
connection.Runtime = SdkLogging.Runtime;
connection.LoggerFactory = SdkLogging.LoggerFactory(Log.Logger);

var options = new CoderBootstrapOptions
{
    RepositoryRoot = root,
    ResourcePollInterval = builder.Configuration.GetValue("ResourcePollInterval", TimeSpan.FromSeconds(15)),
    RolloutPollInterval = builder.Configuration.GetValue("RolloutPollInterval", TimeSpan.FromSeconds(5)),
};
using var activities = new ActivityServices(options, Log.Logger);
builder.Services
    .AddHostedTemporalWorker(WorkflowNames.TaskQueue)
    .ConfigureOptions(worker =>
    {
        worker.ClientOptions = connection;
        worker.AddCoderBootstrap(activities);
    });
Log.Information("Temporal server: {Connection} (task queue {TaskQueue})", TemporalSettings.Describe(connection), WorkflowNames.TaskQueue);

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
