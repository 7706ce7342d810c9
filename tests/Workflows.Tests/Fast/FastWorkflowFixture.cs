using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.DevServer.Hosting;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>
/// The embedded Temporal server shared by the fast workflow tests, and a folder of environment
/// specs they own. Each test runs its own worker (the product's workflows, stand-in activities) on
/// a task queue of its own, for an environment of its own, so tests never meet each other's runs.
/// </summary>
public sealed class FastWorkflowFixture : IAsyncLifetime
{
    private int _environments;

    public TemporalDevServer Server { get; private set; } = null!;

    public TemporalClient Client { get; private set; } = null!;

    public string EnvironmentsDirectory { get; } = Path.Combine(Path.GetTempPath(), "coder-fast-workflows-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(EnvironmentsDirectory);
        Server = await TemporalDevServer.StartAsync(new DevServerOptions());
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Server.Address));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(EnvironmentsDirectory, recursive: true);
    }

    /// <summary>A new environment whose spec is a copy of the repository's dev spec under a name of its own.</summary>
    public string NewEnvironment()
    {
        var name = $"fast{Interlocked.Increment(ref _environments)}";
        var root = CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);
        var dev = File.ReadAllText(Path.Combine(root, "deploy", "environments", "dev.yaml"));
        File.WriteAllText(SpecFile(name), dev.Replace("name: dev", $"name: {name}", StringComparison.Ordinal).Replace("coder-dev", $"coder-{name}", StringComparison.Ordinal));
        return name;
    }

    public string SpecFile(string environment) => Path.Combine(EnvironmentsDirectory, environment + ".yaml");

    public StandInActivities NewStandIns() => new(new EnvironmentSpecLoader(EnvironmentsDirectory));

    /// <summary>Runs <paramref name="test"/> with a worker hosting the product's workflows (and what <paramref name="configure"/> adds) and the stand-ins on a task queue of its own.</summary>
    /// <summary>A fresh environment and stand-ins (arranged first) on a worker that also runs teardowns and the stand-in backup.</summary>
    public Task RunWithTeardownAsync(Action<StandInActivities> arrange, Func<string, StandInActivities, string, Task> test)
    {
        var env = NewEnvironment();
        var standIns = NewStandIns();
        arrange(standIns);
        return RunAsync(standIns, queue => test(env, standIns, queue),
            options => options.AddWorkflow<TeardownWorkflow>().AddWorkflow<StandInBackupWorkflow>());
    }

    public async Task RunAsync(StandInActivities standIns, Func<string, Task> test, Action<TemporalWorkerOptions>? configure = null)
    {
        var taskQueue = "fast-" + Guid.NewGuid().ToString("N");
        var options = new TemporalWorkerOptions(taskQueue).AddWorkflow<SetupWorkflow>().AddWorkflow<InfraPhaseWorkflow>().AddWorkflow<CoderPhaseWorkflow>();
        configure?.Invoke(options);
        options.AddAllActivities(standIns);
        using var worker = new TemporalWorker(Client, options);
        await worker.ExecuteAsync(() => test(taskQueue));
    }
}
