using CoderBootstrap.DevServer.Hosting;
using CoderBootstrap.DevServer.Http;
using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>
/// The real Web UI built from its lock file (at first use, into .local/devserver-ui; later runs
/// reuse it), served by an embedded server with a worker for the sample workflows, and a browser.
/// Nothing starts when chromium or npm is missing: the tests using it are skipped then.
/// </summary>
public sealed class BuiltWebUiFixture : IAsyncLifetime
{
    private TemporalWorker? _worker;
    private Task? _workerRun;
    private readonly CancellationTokenSource _stop = new();

    public TemporalDevServer Server { get; private set; } = null!;

    public TemporalClient Client { get; private set; } = null!;

    public BrowserSession Browser { get; private set; } = null!;

    public TestActivities Activities { get; } = new();

    public string TaskQueue { get; } = EmbeddedServerFixture.NewTaskQueue();

    public async Task InitializeAsync()
    {
        if (new BrowserFactAttribute().Skip is not null)
        {
            return;
        }
        var site = await WebUiBuild.EnsureBuiltAsync(WebUiBuild.DefaultSourceDirectory, WebUiBuild.DefaultCacheDirectory);
        Server = await TemporalDevServer.StartAsync(new DevServerOptions { Headless = false, UiPort = 0, UiAssetPath = site });
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(Server.Address));
        // As on a real server, a custom search attribute is registered before a workflow sets it.
        await Client.Connection.OperatorService.AddSearchAttributesAsync(new AddSearchAttributesRequest
        {
            Namespace = "default",
            SearchAttributes = { ["Environment"] = IndexedValueType.Keyword },
        });
        _worker = new TemporalWorker(Client, new TemporalWorkerOptions(TaskQueue)
            .AddAllActivities(Activities)
            .AddWorkflow<GreetingWorkflow>()
            .AddWorkflow<RetryingWorkflow>()
            .AddWorkflow<SignalQueryWorkflow>());
        _workerRun = _worker.ExecuteAsync(_stop.Token);
        Browser = await BrowserSession.LaunchAsync();
    }

    public string PageUrl(string path) => Server.UiAddress + path;

    public async Task DisposeAsync()
    {
        if (_worker is null)
        {
            return;
        }
        await Browser.DisposeAsync();
        await _stop.CancelAsync();
        try
        {
            await _workerRun!;
        }
        catch (OperationCanceledException)
        {
        }
        _worker.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
