using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Infra;

/// <summary>
/// What a ready database instance must hold for Coder: its private-network endpoint, the database,
/// the user with every privilege on it, the backup schedule; and the login kept in a private object.
/// </summary>
public sealed class DatabaseContents(ScalewayApiClient scaleway, DatabaseCredentialsStore credentials, Serilog.ILogger log)
{

    public static DatabaseCredentials NewCredentials(EnvironmentSpec spec) =>
        new(spec.Database.InstanceName, spec.Database.DatabaseName, spec.Database.UserName, DatabasePasswordGenerator.Generate(), DateTimeOffset.UtcNow);

    /// <summary>
    /// On a ready instance: the private-network endpoint, the database, the user with every
    /// privilege on it, and the backup schedule of the spec. Each is read first and only changed
    /// when missing or different. False while a change is still being applied by the API.
    /// </summary>
    public async Task<bool> EnsureAsync(EnvironmentSpec spec, DatabaseInstance instance, string privateNetworkId, CancellationToken cancellationToken)
    {
        var rdb = scaleway.Rdb;
        var onNetwork = (instance.Endpoints ?? []).Any(e => e.PrivateNetwork?.PrivateNetworkId == privateNetworkId);
        if (!onNetwork)
        {
            await CallGuard.ScalewayAsync($"attach database instance {instance.Id} to private network {privateNetworkId}",
                () => rdb.CreateEndpointAsync(instance.Id, new DatabaseEndpointSpec(new EndpointSpecPrivateNetwork(privateNetworkId, null, new IpamConfig()), null), cancellationToken)).ConfigureAwait(false);
            log.Information("Attached database instance {InstanceId} to private network {PrivateNetworkId}", instance.Id, privateNetworkId);
            return false;
        }

        var databaseName = spec.Database.DatabaseName;
        var databases = await CallGuard.ScalewayAsync($"list databases of instance {instance.Id}",
            () => rdb.ListDatabasesAsync(instance.Id, databaseName, cancellationToken)).ConfigureAwait(false);
        if (databases.All(d => d.Name != databaseName))
        {
            await IgnoreAlreadyExistsAsync($"create database '{databaseName}' in instance {instance.Id}",
                () => rdb.CreateDatabaseAsync(instance.Id, databaseName, cancellationToken)).ConfigureAwait(false);
            log.Information("Created database {DatabaseName} in instance {InstanceId}", databaseName, instance.Id);
        }

        var userName = spec.Database.UserName;
        var users = await CallGuard.ScalewayAsync($"list users of instance {instance.Id}",
            () => rdb.ListUsersAsync(instance.Id, userName, cancellationToken)).ConfigureAwait(false);
        var user = users.FirstOrDefault(u => u.Name == userName);
        if (user is null)
        {
            var login = await StoredCredentialsAsync(spec, cancellationToken).ConfigureAwait(false);
            await IgnoreAlreadyExistsAsync($"create user '{userName}' in instance {instance.Id}",
                () => rdb.CreateUserAsync(instance.Id, new CreateDatabaseUserRequest(userName, login.Password, IsAdmin: false), cancellationToken)).ConfigureAwait(false);
            log.Information("Created user {UserName} in instance {InstanceId}", userName, instance.Id);
        }
        // Admin users (the instance's first user) already hold every privilege on every database.
        if (user is not { IsAdmin: true })
        {
            await EnsureAllPrivilegesAsync(instance.Id, databaseName, userName, cancellationToken).ConfigureAwait(false);
        }

        var backup = spec.Database.Backup;
        var schedule = instance.BackupSchedule;
        if (schedule is null || schedule.Disabled == backup.Enabled
            || (backup.Enabled && (schedule.Frequency != backup.FrequencyHours || schedule.Retention != backup.RetentionDays)))
        {
            await CallGuard.ScalewayAsync($"set the backup schedule of instance {instance.Id}",
                () => rdb.UpdateInstanceAsync(instance.Id, EnvironmentResourceRequests.BackupSchedule(spec), cancellationToken)).ConfigureAwait(false);
            log.Information("Backup schedule of instance {InstanceId}: enabled {Enabled}, every {FrequencyHours} h, kept {RetentionDays} days",
                instance.Id, backup.Enabled, backup.FrequencyHours, backup.RetentionDays);
        }
        return true;
    }

    /// <summary>Grants <paramref name="userName"/> every privilege on <paramref name="databaseName"/> unless it has them already.</summary>
    private async Task EnsureAllPrivilegesAsync(string instanceId, string databaseName, string userName, CancellationToken cancellationToken)
    {
        var path = $"/rdb/v1/regions/{Uri.EscapeDataString(scaleway.Options.Region)}/instances/{Uri.EscapeDataString(instanceId)}/privileges";
        var current = await CallGuard.ScalewayAsync($"read the privileges of user '{userName}' on database '{databaseName}'",
            () => scaleway.SendAsync<System.Text.Json.JsonElement>(HttpMethod.Get,
                new ScalewayQuery().Add("database_name", databaseName).Add("user_name", userName).AppendTo(path),
                null, ScalewayCallKind.Idempotent, cancellationToken)).ConfigureAwait(false);
        var granted = current.TryGetProperty("privileges", out var privileges) && privileges.ValueKind == System.Text.Json.JsonValueKind.Array
            && privileges.EnumerateArray().Any(p =>
                p.TryGetProperty("database_name", out var d) && d.GetString() == databaseName
                && p.TryGetProperty("user_name", out var u) && u.GetString() == userName
                && p.TryGetProperty("permission", out var permission) && permission.GetString() == "all");
        if (granted)
        {
            return;
        }
        await CallGuard.ScalewayAsync($"grant user '{userName}' all privileges on database '{databaseName}'",
            () => scaleway.SendAsync<System.Text.Json.JsonElement>(HttpMethod.Put, path,
                new { database_name = databaseName, user_name = userName, permission = "all" },
                ScalewayCallKind.Idempotent, cancellationToken)).ConfigureAwait(false);
        log.Information("Granted user {UserName} all privileges on database {DatabaseName} of instance {InstanceId}", userName, databaseName, instanceId);
    }

    /// <summary>
    /// An adopted instance whose password is not stored (or stored for another user): a new one is
    /// set on the instance first and stored afterwards, so a failure in between only leads to
    /// another reset on the next attempt, never to a stored password the instance does not accept.
    /// </summary>
    public async Task ResetPasswordAsync(EnvironmentSpec spec, DatabaseInstance instance, CancellationToken cancellationToken)
    {
        if (!ScalewayReadiness.IsDatabaseReady(instance))
        {
            throw new InvalidOperationException(
                $"database instance {instance.Name} ({instance.Id}) has no stored credentials; its user's password is reset once the instance is ready (now {instance.Status})");
        }
        var userName = spec.Database.UserName;
        var login = NewCredentials(spec);
        var users = await CallGuard.ScalewayAsync($"list users of instance {instance.Id}",
            () => scaleway.Rdb.ListUsersAsync(instance.Id, userName, cancellationToken)).ConfigureAwait(false);
        if (users.Any(u => u.Name == userName))
        {
            await CallGuard.ScalewayAsync($"reset the password of user '{userName}' in instance {instance.Id}",
                () => scaleway.SendAsync<DatabaseUser>(HttpMethod.Patch,
                    $"/rdb/v1/regions/{Uri.EscapeDataString(scaleway.Options.Region)}/instances/{Uri.EscapeDataString(instance.Id)}/users/{Uri.EscapeDataString(userName)}",
                    new { password = login.Password }, ScalewayCallKind.Idempotent, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            await CallGuard.ScalewayAsync($"create user '{userName}' in instance {instance.Id}",
                () => scaleway.Rdb.CreateUserAsync(instance.Id, new CreateDatabaseUserRequest(userName, login.Password, IsAdmin: false), cancellationToken)).ConfigureAwait(false);
        }
        await CallGuard.StorageAsync("store the database credentials",
            () => credentials.WriteAsync(spec.Name, login, cancellationToken)).ConfigureAwait(false);
        log.Warning("Database instance {InstanceId} of {Environment} had no stored credentials: set a new password for user {UserName} and stored it in {ObjectKey}",
            instance.Id, spec.Name, userName, DatabaseCredentialsStore.ObjectKey(spec.Name));
    }

    private async Task<DatabaseCredentials> StoredCredentialsAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        var stored = await CallGuard.StorageAsync("read the stored database credentials",
            () => credentials.ReadAsync(spec.Name, cancellationToken)).ConfigureAwait(false);
        return stored ?? throw ActivityFailure.Permanent(FailureKind.MissingInfraState,
            $"no database credentials stored at {DatabaseCredentialsStore.ObjectKey(spec.Name)} for environment '{spec.Name}'; run the database step again to set them");
    }

    /// <summary>The private network the instance should be reached on: the environment's network, found by name and tags.</summary>
    public async Task<string> PrivateNetworkOfAsync(EnvironmentSpec spec, DatabaseInstance instance, CancellationToken cancellationToken)
    {
        var network = await new ResourceFinder(scaleway, spec).FindPrivateNetworkAsync(cancellationToken).ConfigureAwait(false);
        if (network is not null)
        {
            return network.Id;
        }
        return (instance.Endpoints ?? []).Select(e => e.PrivateNetwork?.PrivateNetworkId).FirstOrDefault(id => id is not null)
            ?? throw ActivityFailure.Permanent(FailureKind.InfraMissing,
                $"database instance {instance.Id} has no private-network endpoint and environment '{spec.Name}' has no private network '{spec.Network.PrivateNetworkName}'; run the network step first");
    }

    /// <summary>Creates something addressed by name; a concurrent attempt that created it first is fine.</summary>
    private static async Task IgnoreAlreadyExistsAsync<T>(string action, Func<Task<T>> create)
    {
        try
        {
            await CallGuard.ScalewayAsync(action, create).ConfigureAwait(false);
        }
        catch (Temporalio.Exceptions.ApplicationFailureException ex) when (ex.InnerException is ScalewayApiException { ErrorType: "already_exists" })
        {
        }
    }
}
