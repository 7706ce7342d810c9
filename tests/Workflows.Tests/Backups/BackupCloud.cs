using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Starter;
using Npgsql;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests.Backups;

/// <summary>A sandbox cloud with dev set up once, and what backup tests do with it: Coder's database, the Starter, the backup bucket.</summary>
public sealed class BackupCloud : IAsyncLifetime
{
    public CloudFixture Cloud { get; } = new();

    public string CoderUrl { get; private set; } = string.Empty;

    public string Bucket => BackupLayout.Bucket("dev");

    public async Task InitializeAsync()
    {
        await Cloud.InitializeAsync();
        var result = await Cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev")), new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));
        CoderUrl = result.CoderUrl!;
    }

    public Task DisposeAsync() => Cloud.DisposeAsync();

    public async Task<string> DatabasePasswordAsync() =>
        (await new DatabaseCredentialsStore(Cloud.Services.S3, Cloud.Services.State).ReadAsync("dev", CancellationToken.None))!.Password;

    /// <summary>A connection to Coder's database as Coder makes it (the phase-1 outputs and the stored password).</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var infra = InfraOutputsReader.FromState((await Cloud.Services.State.ReadInfraAsync("dev"))!.Content, "dev");
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = infra.DatabaseHost,
            Port = infra.DatabasePort,
            Username = infra.DatabaseUser,
            Database = infra.DatabaseName,
            Password = await DatabasePasswordAsync(),
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<string>> ReadStringsAsync(string sql)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0).ToString()!);
        }
        return values;
    }

    /// <summary>Runs the Starter against the fixture's server (whose worker runs the workflows), with the sandbox's object storage credentials.</summary>
    public async Task<(int Code, string Out, string Error)> StarterAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StarterCommands.RunAsync(args, new StarterContext
        {
            RepositoryRoot = Cloud.RepositoryRoot,
            Out = output,
            Error = error,
            Environment = name => name == "TEMPORAL_ADDRESS" ? Cloud.Server.Address : Cloud.Variables.GetValueOrDefault(name),
            ProgressInterval = TimeSpan.FromMilliseconds(100),
        });
        return (code, output.ToString(), error.ToString());
    }

    public async Task<BackupResult> BackupAsync(BackupInput? input = null) =>
        await Cloud.Client.ExecuteWorkflowAsync((BackupWorkflow w) => w.RunAsync(input ?? new BackupInput("dev")), new(WorkflowNames.Backup("dev"), WorkflowNames.TaskQueue))
            .WaitAsync(TimeSpan.FromMinutes(3));

    public Task<IReadOnlyList<BackupEntry>> ListAsync() => new BackupCatalog(Cloud.Services.S3).ListAsync(Bucket, CancellationToken.None);
}
