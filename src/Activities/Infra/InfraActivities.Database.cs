using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

public sealed partial class InfraActivities
{
    /// <summary>Creates the instance, database and user (or adopts them); the generated password goes to a private object.</summary>
    [Activity]
    public async Task<DatabaseRef> EnsureDatabaseAsync(EnsureDatabaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (spec, credentials) = Prepare(input.Environment);
        var cancellationToken = ActivityCancellation;
        var name = spec.Database.InstanceName;
        var resources = new EnvironmentResources(_services.Scaleway, spec);
        var store = CredentialsStore();

        var existing = await InfraFailures.GuardAsync($"look up database instance '{name}'",
            () => resources.FindDatabaseInstanceAsync(cancellationToken)).ConfigureAwait(false);
        var stored = await InfraFailures.GuardStorageAsync("read the stored database credentials",
            () => store.ReadAsync(spec.Name, cancellationToken)).ConfigureAwait(false);

        if (existing is not null)
        {
            if (existing.Status == DatabaseInstanceStatus.Deleting)
            {
                // Retryable: once the deletion has finished the next attempt creates a new instance.
                throw new InvalidOperationException($"database instance {existing.Name} ({existing.Id}) of environment '{spec.Name}' is being deleted; it cannot be adopted");
            }
            if (stored is null || stored.UserName != spec.Database.UserName)
            {
                await ResetDatabasePasswordAsync(spec, existing, cancellationToken).ConfigureAwait(false);
            }
            else if (ScalewayReadiness.IsDatabaseReady(existing))
            {
                await EnsureDatabaseContentsAsync(spec, existing, input.PrivateNetworkId, cancellationToken).ConfigureAwait(false);
            }
            _log.Information("Adopted database instance {Name} ({InstanceId}, {Status}) of {Environment}", existing.Name, existing.Id, existing.Status, spec.Name);
            return new DatabaseRef(existing.Id, Created: false);
        }

        // The credentials are stored before the create call, so an instance always has its password
        // stored; a failed create leaves them in place and the next attempt sends the same ones.
        var login = stored is not null && stored.UserName == spec.Database.UserName
            ? stored
            : NewCredentials(spec);
        if (!ReferenceEquals(login, stored))
        {
            await InfraFailures.GuardStorageAsync("store the database credentials",
                async () => { await store.WriteAsync(spec.Name, login, cancellationToken).ConfigureAwait(false); return true; }).ConfigureAwait(false);
        }

        var request = EnvironmentResourceRequests.DatabaseInstance(spec, credentials.ProjectId, input.PrivateNetworkId, login.Password);
        var created = await InfraFailures.GuardAsync($"create database instance '{name}'",
            () => _services.Scaleway.Rdb.CreateInstanceAsync(request, cancellationToken)).ConfigureAwait(false);
        _log.Information("Created database instance {Name} ({InstanceId}, {Engine}, {NodeType}, HA {HighAvailability}) of {Environment} on private network {PrivateNetworkId}",
            name, created.Id, spec.Database.Engine, spec.Database.NodeType, spec.Database.HighAvailability, spec.Name, input.PrivateNetworkId);
        return new DatabaseRef(created.Id, Created: true);
    }

    [Activity]
    public async Task<DatabaseReady> WaitForDatabaseReadyAsync(WaitForDatabaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (spec, _) = Prepare(input.Environment);
        var cancellationToken = ActivityCancellation;
        var rdb = _services.Scaleway.Rdb;

        var progress = await ResumeAsync<DatabaseWaitProgress>(p => p.InstanceId == input.InstanceId).ConfigureAwait(false);
        if (progress is not null)
        {
            _log.Information("Resuming the wait for database instance {InstanceId} of {Environment}, started at {StartedAt} ({Polls} polls so far, last seen {Status})",
                input.InstanceId, spec.Name, progress.StartedAt, progress.Polls, progress.InstanceStatus);
        }
        var startedAt = progress?.StartedAt ?? DateTimeOffset.UtcNow;
        var polls = progress?.Polls ?? 0;
        string? privateNetworkId = null;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var instance = await InfraFailures.GuardAsync($"read database instance {input.InstanceId}",
                () => rdb.GetInstanceAsync(input.InstanceId, cancellationToken)).ConfigureAwait(false);
            if (ScalewayReadiness.HasDatabaseFailed(instance) || instance.Status == DatabaseInstanceStatus.Deleting)
            {
                throw InfraFailures.NonRetryable(ErrorTypes.ResourceFailed,
                    $"database instance {instance.Name} ({instance.Id}) is {instance.Status} and will not become ready by itself; look at it in the Scaleway console");
            }

            var complete = false;
            (string Host, int Port)? endpoint = null;
            if (ScalewayReadiness.IsDatabaseReady(instance))
            {
                privateNetworkId ??= await PrivateNetworkOfAsync(spec, instance, cancellationToken).ConfigureAwait(false);
                complete = await EnsureDatabaseContentsAsync(spec, instance, privateNetworkId, cancellationToken).ConfigureAwait(false);
                endpoint = ScalewayReadiness.PrivateEndpoint(instance, privateNetworkId);
            }

            polls++;
            var now = DateTimeOffset.UtcNow;
            Heartbeat(new DatabaseWaitProgress(instance.Id, startedAt, polls, instance.Status, complete, now));

            if (complete && endpoint is { } reachable)
            {
                _log.Information("Database instance {Name} ({InstanceId}) of {Environment} is ready at {Host}:{Port} on private network {PrivateNetworkId} after {Polls} polls",
                    instance.Name, instance.Id, spec.Name, reachable.Host, reachable.Port, privateNetworkId, polls);
                return new DatabaseReady(instance.Id, instance.Name, instance.Engine, instance.NodeType, instance.IsHaCluster,
                    reachable.Host, reachable.Port, spec.Database.DatabaseName, spec.Database.UserName,
                    DatabaseCredentialsStore.ObjectKey(spec.Name), now);
            }

            _log.Debug("Database instance {InstanceId} is {Status}; database and user in place: {Complete}", instance.Id, instance.Status, complete);
            await Task.Delay(_services.Options.ResourcePollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private DatabaseCredentialsStore CredentialsStore() =>
        new(_services.S3, _services.State);

    private static DatabaseCredentials NewCredentials(EnvironmentSpec spec) =>
        new(spec.Database.InstanceName, spec.Database.DatabaseName, spec.Database.UserName, DatabasePasswordGenerator.Generate(), DateTimeOffset.UtcNow);

    /// <summary>
    /// On a ready instance: the private-network endpoint, the database, the user with every
    /// privilege on it, and the backup schedule of the spec. Each is read first and only changed
    /// when missing or different. False while a change is still being applied by the API.
    /// </summary>
    private async Task<bool> EnsureDatabaseContentsAsync(EnvironmentSpec spec, DatabaseInstance instance, string privateNetworkId, CancellationToken cancellationToken)
    {
        var rdb = _services.Scaleway.Rdb;
        var onNetwork = (instance.Endpoints ?? []).Any(e => e.PrivateNetwork?.PrivateNetworkId == privateNetworkId);
        if (!onNetwork)
        {
            await InfraFailures.GuardAsync($"attach database instance {instance.Id} to private network {privateNetworkId}",
                () => rdb.CreateEndpointAsync(instance.Id, new DatabaseEndpointSpec(new EndpointSpecPrivateNetwork(privateNetworkId, null, new IpamConfig()), null), cancellationToken)).ConfigureAwait(false);
            _log.Information("Attached database instance {InstanceId} to private network {PrivateNetworkId}", instance.Id, privateNetworkId);
            return false;
        }

        var databaseName = spec.Database.DatabaseName;
        var databases = await InfraFailures.GuardAsync($"list databases of instance {instance.Id}",
            () => rdb.ListDatabasesAsync(instance.Id, databaseName, cancellationToken)).ConfigureAwait(false);
        if (databases.All(d => d.Name != databaseName))
        {
            await IgnoreAlreadyExistsAsync($"create database '{databaseName}' in instance {instance.Id}",
                () => rdb.CreateDatabaseAsync(instance.Id, databaseName, cancellationToken)).ConfigureAwait(false);
            _log.Information("Created database {DatabaseName} in instance {InstanceId}", databaseName, instance.Id);
        }

        var userName = spec.Database.UserName;
        var users = await InfraFailures.GuardAsync($"list users of instance {instance.Id}",
            () => rdb.ListUsersAsync(instance.Id, userName, cancellationToken)).ConfigureAwait(false);
        var user = users.FirstOrDefault(u => u.Name == userName);
        if (user is null)
        {
            var login = await StoredCredentialsAsync(spec, cancellationToken).ConfigureAwait(false);
            await IgnoreAlreadyExistsAsync($"create user '{userName}' in instance {instance.Id}",
                () => rdb.CreateUserAsync(instance.Id, new CreateDatabaseUserRequest(userName, login.Password, IsAdmin: false), cancellationToken)).ConfigureAwait(false);
            _log.Information("Created user {UserName} in instance {InstanceId}", userName, instance.Id);
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
            await InfraFailures.GuardAsync($"set the backup schedule of instance {instance.Id}",
                () => rdb.UpdateInstanceAsync(instance.Id, EnvironmentResourceRequests.BackupSchedule(spec), cancellationToken)).ConfigureAwait(false);
            _log.Information("Backup schedule of instance {InstanceId}: enabled {Enabled}, every {FrequencyHours} h, kept {RetentionDays} days",
                instance.Id, backup.Enabled, backup.FrequencyHours, backup.RetentionDays);
        }
        return true;
    }

    /// <summary>Grants <paramref name="userName"/> every privilege on <paramref name="databaseName"/> unless it has them already.</summary>
    private async Task EnsureAllPrivilegesAsync(string instanceId, string databaseName, string userName, CancellationToken cancellationToken)
    {
        var path = $"/rdb/v1/regions/{Uri.EscapeDataString(_services.Scaleway.Options.Region)}/instances/{Uri.EscapeDataString(instanceId)}/privileges";
        var current = await InfraFailures.GuardAsync($"read the privileges of user '{userName}' on database '{databaseName}'",
            () => _services.Scaleway.SendAsync<System.Text.Json.JsonElement>(HttpMethod.Get,
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
        await InfraFailures.GuardAsync($"grant user '{userName}' all privileges on database '{databaseName}'",
            () => _services.Scaleway.SendAsync<System.Text.Json.JsonElement>(HttpMethod.Put, path,
                new { database_name = databaseName, user_name = userName, permission = "all" },
                ScalewayCallKind.Idempotent, cancellationToken)).ConfigureAwait(false);
        _log.Information("Granted user {UserName} all privileges on database {DatabaseName} of instance {InstanceId}", userName, databaseName, instanceId);
    }

    /// <summary>
    /// An adopted instance whose password is not stored (or stored for another user): a new one is
    /// set on the instance first and stored afterwards, so a failure in between only leads to
    /// another reset on the next attempt, never to a stored password the instance does not accept.
    /// </summary>
    private async Task ResetDatabasePasswordAsync(EnvironmentSpec spec, DatabaseInstance instance, CancellationToken cancellationToken)
    {
        if (!ScalewayReadiness.IsDatabaseReady(instance))
        {
            throw new InvalidOperationException(
                $"database instance {instance.Name} ({instance.Id}) has no stored credentials; its user's password is reset once the instance is ready (now {instance.Status})");
        }
        var userName = spec.Database.UserName;
        var login = NewCredentials(spec);
        var users = await InfraFailures.GuardAsync($"list users of instance {instance.Id}",
            () => _services.Scaleway.Rdb.ListUsersAsync(instance.Id, userName, cancellationToken)).ConfigureAwait(false);
        if (users.Any(u => u.Name == userName))
        {
            await InfraFailures.GuardAsync($"reset the password of user '{userName}' in instance {instance.Id}",
                () => _services.Scaleway.SendAsync<DatabaseUser>(HttpMethod.Patch,
                    $"/rdb/v1/regions/{Uri.EscapeDataString(_services.Scaleway.Options.Region)}/instances/{Uri.EscapeDataString(instance.Id)}/users/{Uri.EscapeDataString(userName)}",
                    new { password = login.Password }, ScalewayCallKind.Idempotent, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            await InfraFailures.GuardAsync($"create user '{userName}' in instance {instance.Id}",
                () => _services.Scaleway.Rdb.CreateUserAsync(instance.Id, new CreateDatabaseUserRequest(userName, login.Password, IsAdmin: false), cancellationToken)).ConfigureAwait(false);
        }
        await InfraFailures.GuardStorageAsync("store the database credentials",
            async () => { await CredentialsStore().WriteAsync(spec.Name, login, cancellationToken).ConfigureAwait(false); return true; }).ConfigureAwait(false);
        _log.Warning("Database instance {InstanceId} of {Environment} had no stored credentials: set a new password for user {UserName} and stored it in {ObjectKey}",
            instance.Id, spec.Name, userName, DatabaseCredentialsStore.ObjectKey(spec.Name));
    }

    private async Task<DatabaseCredentials> StoredCredentialsAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        var stored = await InfraFailures.GuardStorageAsync("read the stored database credentials",
            () => CredentialsStore().ReadAsync(spec.Name, cancellationToken)).ConfigureAwait(false);
        return stored ?? throw InfraFailures.NonRetryable(ErrorTypes.MissingInfraState,
            $"no database credentials stored at {DatabaseCredentialsStore.ObjectKey(spec.Name)} for environment '{spec.Name}'; run the database step again to set them");
    }

    /// <summary>The private network the instance should be reached on: the environment's network, found by name and tags.</summary>
    private async Task<string> PrivateNetworkOfAsync(EnvironmentSpec spec, DatabaseInstance instance, CancellationToken cancellationToken)
    {
        var network = await InfraFailures.GuardAsync($"look up private network '{spec.Network.PrivateNetworkName}'",
            () => new EnvironmentResources(_services.Scaleway, spec).FindPrivateNetworkAsync(cancellationToken)).ConfigureAwait(false);
        if (network is not null)
        {
            return network.Id;
        }
        return (instance.Endpoints ?? []).Select(e => e.PrivateNetwork?.PrivateNetworkId).FirstOrDefault(id => id is not null)
            ?? throw InfraFailures.NonRetryable(ErrorTypes.InfraMissing,
                $"database instance {instance.Id} has no private-network endpoint and environment '{spec.Name}' has no private network '{spec.Network.PrivateNetworkName}'; run the network step first");
    }

    /// <summary>Creates something addressed by name; a concurrent attempt that created it first is fine.</summary>
    private static async Task IgnoreAlreadyExistsAsync<T>(string action, Func<Task<T>> create)
    {
        try
        {
            await InfraFailures.GuardAsync(action, create).ConfigureAwait(false);
        }
        catch (Temporalio.Exceptions.ApplicationFailureException ex) when (ex.InnerException is ScalewayApiException { ErrorType: "already_exists" })
        {
        }
    }
}
