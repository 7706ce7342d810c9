using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Worker;
using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.Teardown.Bench;

/// <summary>A sandbox at a given time scale, the embedded Temporal server and a worker with the real activities.</summary>
internal sealed class BenchCloud : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private TemporalWorker _worker = null!;
    private Task _run = Task.CompletedTask;

    public SandboxHost Sandbox { get; private set; } = null!;

    public TemporalDevServer Server { get; private set; } = null!;

    public TemporalClient Client { get; private set; } = null!;

    public ActivityServices Services { get; private set; } = null!;

    public static async Task<BenchCloud> StartAsync(double timeScale)
    {
        var cloud = new BenchCloud();
        cloud.Sandbox = await SandboxHost.StartAsync(new SandboxHostOptions { TimeScale = timeScale });
        var variables = cloud.Sandbox.ClientEnvironment;
        cloud.Server = await TemporalDevServer.StartAsync(new DevServerOptions());
        cloud.Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(cloud.Server.Address));
        // The same rule as the Starter's --sandbox mode: poll intervals scale with the delays.
        var poll = TimeSpan.FromMilliseconds(Math.Max(20, 15_000 * timeScale));
        cloud.Services = new ActivityServices(new CoderBootstrapOptions
        {
            RepositoryRoot = CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory),
            ResourcePollInterval = poll,
            RolloutPollInterval = TimeSpan.FromMilliseconds(Math.Max(20, 5_000 * timeScale)),
            Environment = name => variables.TryGetValue(name, out var value) ? value : null,
        });
        cloud._worker = new TemporalWorker(cloud.Client, new TemporalWorkerOptions(WorkflowNames.TaskQueue).AddCoderBootstrap(cloud.Services));
        cloud._run = Task.Run(async () =>
        {
            try
            {
                await cloud._worker.ExecuteAsync(cloud._stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });
        return cloud;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _worker.Dispose();
        Services.Dispose();
        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
