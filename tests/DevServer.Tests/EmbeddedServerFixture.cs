using CoderBootstrap.DevServer.Hosting;
using Temporalio.Client;

namespace CoderBootstrap.DevServer.Tests;

/// <summary>One embedded server (in memory) and a connected client shared by a test class.</summary>
public sealed class EmbeddedServerFixture : IAsyncLifetime
{
    private TemporalDevServer? _server;

    public TemporalClient Client { get; private set; } = null!;

    public TemporalDevServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = await TemporalDevServer.StartAsync(new DevServerOptions { Namespaces = ["second"] });
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(_server.Address));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public static string NewTaskQueue() => $"tq-{Guid.NewGuid():N}";

    /// <summary>Every run the list filter selects, all pages read.</summary>
    public static async Task<List<WorkflowExecution>> ListAsync(ITemporalClient client, string query)
    {
        var list = new List<WorkflowExecution>();
        await foreach (var execution in client.ListWorkflowsAsync(query))
        {
            list.Add(execution);
        }
        return list;
    }

    /// <summary>Removes a SQLite store and its WAL companions.</summary>
    public static void DeleteDatabase(string db)
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(db)!, Path.GetFileName(db) + "*"))
        {
            File.Delete(file);
        }
    }
}
