using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using Npgsql;
using Temporalio.Converters;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Infra;

public sealed class DatabaseTests : IAsyncLifetime
{
    private InfraSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await InfraSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("dev", "db-dev-s", false)]
    [InlineData("staging", "db-gp-s", false)]
    [InlineData("prod", "db-gp-m", true)]
    public async Task EnsureDatabaseCreatesTheInstanceShapeOfTheEnvironmentOnItsPrivateNetwork(string environment, string nodeType, bool highAvailability)
    {
        var network = await _sandbox.NetworkAsync(environment);

        var result = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot(environment), network.PrivateNetworkId)));

        Assert.True(result.Created);
        var instance = await _sandbox.Services.Scaleway.Rdb.GetInstanceAsync(result.InstanceId);
        Assert.Equal(($"coder-{environment}-db", "PostgreSQL-15", nodeType, highAvailability), (instance.Name, instance.Engine, instance.NodeType, instance.IsHaCluster));
        Assert.Equal(["managed-by=coder-bootstrap", $"env={environment}"], instance.Tags);
        Assert.Equal("lssd", instance.Volume?.Type);
        Assert.False(instance.BackupSchedule?.Disabled);
        var endpoint = Assert.Single(instance.Endpoints!);
        Assert.Equal(network.PrivateNetworkId, endpoint.PrivateNetwork?.PrivateNetworkId);
    }

    [Fact]
    public async Task EnsureDatabaseStoresTheGeneratedPasswordOnlyInAPrivateObject()
    {
        var network = await _sandbox.NetworkAsync("dev");

        var result = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        var stored = await ReadStoredCredentialsAsync("dev");
        Assert.NotNull(stored);
        Assert.Equal(("coder-dev-db", "coder", "coder"), (stored.InstanceName, stored.DatabaseName, stored.UserName));
        Assert.True(stored.Password.Length >= 16 && stored.Password.Any(char.IsAsciiDigit) && stored.Password.Any(char.IsAsciiLetterUpper)
            && stored.Password.Any(char.IsAsciiLetterLower) && stored.Password.Any(c => !char.IsAsciiLetterOrDigit(c)));
        var acl = await _sandbox.Services.S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = "terraform-state-coder-dev", Key = "secrets/database-dev.json" });
        Assert.DoesNotContain(acl.Grants ?? [], g => g.Grantee?.URI?.Contains("AllUsers", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(stored.Password, Serialized(result), StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Password, _sandbox.Log.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("(hidden)", stored.Password, StringComparison.Ordinal);
        Assert.Contains("Password = (hidden)", stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureDatabaseTwiceAdoptsTheInstanceAndKeepsTheStoredCredentials()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var first = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var credentials = await ReadStoredCredentialsAsync("dev");
        var mutations = _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;

        var second = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.Equal(new DatabaseRef(first.InstanceId, Created: false), second);
        Assert.Equal(credentials, await ReadStoredCredentialsAsync("dev"));
        Assert.Equal(mutations, _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    [Fact]
    public async Task AFailedCreateIsRetriedWithTheSameStoredCredentials()
    {
        var network = await _sandbox.NetworkAsync("dev");
        _sandbox.Runtime.SetFault(new CoderBootstrap.Sandbox.Runtime.SandboxFaultRule { Operation = "rdb.instances.create", Status = 502, Message = "bad gateway", Count = 1 });
        await Assert.ThrowsAsync<CoderBootstrap.Activities.Scaleway.ScalewayApiException>(
            () => _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId))));
        var afterFailure = await ReadStoredCredentialsAsync("dev");

        var result = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.True(result.Created);
        Assert.Equal(afterFailure, await ReadStoredCredentialsAsync("dev"));
        Assert.Equal(1, _sandbox.SuccessfulMutations("rdb.instances.create"));
    }

    [Fact]
    public async Task AnInjectedDatabaseQuotaErrorFailsForGoodWithTheApiMessage()
    {
        var network = await _sandbox.NetworkAsync("dev");
        _sandbox.Runtime.SetFault(new CoderBootstrap.Sandbox.Runtime.SandboxFaultRule
        {
            Operation = "rdb.instances.create",
            Status = 403,
            Type = "quotas_exceeded",
            Message = "Quota exceeded for rdb_instances",
        });

        var failure = await _sandbox.FailNonRetryableAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.Equal(ErrorTypes.QuotaExceeded, failure.ErrorType);
        Assert.Contains("Quota exceeded for rdb_instances", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForDatabaseReadyCreatesTheDatabaseAndAnswersThePrivateEndpoint()
    {
        var (network, ready) = await _sandbox.ReadyDatabaseAsync("dev");

        Assert.Equal(("coder", "coder", "secrets/database-dev.json"), (ready.DatabaseName, ready.UserName, ready.CredentialsObjectKey));
        Assert.Equal(5432, ready.Port);
        Assert.True(IPNetwork.Parse(network.Cidr).Contains(IPAddress.Parse(ready.Host)), $"{ready.Host} is not in {network.Cidr}");
        Assert.Equal(("db-dev-s", false), (ready.NodeType, ready.HighAvailability));
        var databases = await _sandbox.Services.Scaleway.Rdb.ListDatabasesAsync(ready.InstanceId);
        Assert.Contains(databases, d => d.Name == "coder");
        Assert.Equal(1, _sandbox.Mutations("rdb.databases.create"));
    }

    [Fact]
    public async Task ASecondRunOfTheDatabaseStepsCreatesNothing()
    {
        var (network, first) = await _sandbox.ReadyDatabaseAsync("dev");
        var mutations = _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;

        var again = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var second = await _sandbox.RunAsync(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot("dev"), again.InstanceId)));

        Assert.False(again.Created);
        Assert.Equal(first with { ReadyAt = second.ReadyAt }, second);
        Assert.Equal(mutations, _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    [Fact]
    public async Task WaitForDatabaseReadyHeartbeatsAndResumesFromAPreviousAttempt()
    {
        // Slower than the default scale so that a loaded machine still polls before the instance is ready.
        _sandbox.Runtime.TimeScale = 0.01;
        var network = await _sandbox.NetworkAsync("dev");
        var database = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-4);
        var previous = new DatabaseWaitProgress(database.InstanceId, startedAt, 11, "provisioning", false, startedAt.AddMinutes(3));
        var heartbeats = new List<DatabaseWaitProgress>();
        var environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with { HeartbeatDetails = [DataConverter.Default.PayloadConverter.ToPayload(previous)] },
            Heartbeater = details => heartbeats.Add((DatabaseWaitProgress)details[0]!),
        };

        await _sandbox.RunAsync(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot("dev"), database.InstanceId)), environment);

        Assert.Equal(Enumerable.Range(12, heartbeats.Count), heartbeats.Select(h => h.Polls));
        Assert.All(heartbeats, h => Assert.Equal(startedAt, h.StartedAt));
        Assert.Contains(heartbeats, h => h.InstanceStatus != "ready");
        Assert.DoesNotContain(heartbeats, h => h.DatabaseReady);
    }

    [Fact]
    public async Task HeartbeatDetailsOfAnotherInstanceAreIgnored()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var database = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var previous = new DatabaseWaitProgress("another-instance", DateTimeOffset.UtcNow.AddHours(-1), 40, "provisioning", false, DateTimeOffset.UtcNow);
        var heartbeats = new List<DatabaseWaitProgress>();
        var environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with { HeartbeatDetails = [DataConverter.Default.PayloadConverter.ToPayload(previous)] },
            Heartbeater = details => heartbeats.Add((DatabaseWaitProgress)details[0]!),
        };

        await _sandbox.RunAsync(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot("dev"), database.InstanceId)), environment);

        Assert.Equal(1, heartbeats[0].Polls);
    }

    [Fact]
    public async Task WaitForDatabaseReadyStopsForGoodWhenTheInstanceIsInError()
    {
        var (_, ready) = await _sandbox.ReadyDatabaseAsync("dev");
        _sandbox.Host.Scaleway.Store.Write(state =>
        {
            var instance = state.RdbInstances.Single(i => i.Id == ready.InstanceId);
            instance.TransientStatus = "error";
            instance.TransientUntil = DateTimeOffset.MaxValue;
        });

        var failure = await _sandbox.FailNonRetryableAsync(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot("dev"), ready.InstanceId)));

        Assert.Equal(ErrorTypes.ResourceFailed, failure.ErrorType);
        Assert.Contains($"{ready.InstanceId}) is error", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdoptedInstanceWithoutStoredCredentialsGetsANewPasswordThatIsStored()
    {
        var (network, ready) = await _sandbox.ReadyDatabaseAsync("dev");
        var original = await ReadStoredCredentialsAsync("dev");
        await _sandbox.Services.S3.DeleteObjectAsync("terraform-state-coder-dev", "secrets/database-dev.json");

        var adopted = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        var replaced = await ReadStoredCredentialsAsync("dev");
        Assert.Equal(new DatabaseRef(ready.InstanceId, Created: false), adopted);
        Assert.NotNull(replaced);
        Assert.NotEqual(original!.Password, replaced.Password);
        Assert.Equal(1, _sandbox.SuccessfulMutations("rdb.users.update"));
        Assert.Equal(0, _sandbox.Mutations("rdb.users.create"));
        Assert.DoesNotContain(replaced.Password, _sandbox.Log.AllText, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task TheStoredCredentialsOpenTheDatabaseAtTheAnsweredEndpoint()
    {
        await using var sandbox = await InfraSandbox.StartAsync(realPostgres: true);
        var (_, ready) = await sandbox.ReadyDatabaseAsync("dev");
        var stored = await sandbox.Services.S3.GetObjectAsync("terraform-state-coder-dev", ready.CredentialsObjectKey);
        var credentials = await JsonSerializer.DeserializeAsync<DatabaseCredentials>(stored.ResponseStream);

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = ready.Host,
            Port = ready.Port,
            Database = ready.DatabaseName,
            Username = ready.UserName,
            Password = credentials!.Password,
            Timeout = 30,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user || '@' || current_database()", connection);

        Assert.Equal("coder@coder", (string?)await command.ExecuteScalarAsync());
    }

    private async Task<DatabaseCredentials?> ReadStoredCredentialsAsync(string environment)
    {
        try
        {
            using var response = await _sandbox.Services.S3.GetObjectAsync($"terraform-state-coder-{environment}", $"secrets/database-{environment}.json");
            return await JsonSerializer.DeserializeAsync<DatabaseCredentials>(response.ResponseStream);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string Serialized(object value) => DataConverter.Default.PayloadConverter.ToPayload(value).Data.ToStringUtf8();
}
