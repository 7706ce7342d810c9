namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Managed Database API v1: /rdb/v1/regions/{region}/instances, /node-types, /database-engines, /backups, /endpoints.</summary>
public sealed class ScalewayRdbApi
{
    private readonly ScalewayApiClient _client;

    internal ScalewayRdbApi(ScalewayApiClient client) => _client = client;

    private string Root => _client.RegionPath("rdb", "v1");

    public Task<IReadOnlyList<DatabaseNodeType>> ListNodeTypesAsync(bool includeDisabledTypes = false, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListDatabaseNodeTypesResponse, DatabaseNodeType>($"{Root}/node-types",
            new ScalewayQuery().Add("include_disabled_types", includeDisabledTypes), cancellationToken);

    public Task<IReadOnlyList<DatabaseEngine>> ListDatabaseEnginesAsync(CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListDatabaseEnginesResponse, DatabaseEngine>($"{Root}/database-engines", null, cancellationToken);

    public Task<DatabaseInstance> CreateInstanceAsync(CreateDatabaseInstanceRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DatabaseInstance>(HttpMethod.Post, $"{Root}/instances", request, ScalewayCallKind.Create, cancellationToken);

    public Task<DatabaseInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DatabaseInstance>(HttpMethod.Get, InstancePath(instanceId), null, ScalewayCallKind.Idempotent, cancellationToken);

    public Task<IReadOnlyList<DatabaseInstance>> ListInstancesAsync(string? name = null, IReadOnlyCollection<string>? tags = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListDatabaseInstancesResponse, DatabaseInstance>($"{Root}/instances",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("project_id", _client.Options.ProjectId).Add("name", name).AddEach("tags", tags),
            cancellationToken);

    /// <summary>The instance with this exact name carrying all <paramref name="tags"/>, or null.</summary>
    public async Task<DatabaseInstance?> FindInstanceAsync(string name, IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default)
    {
        var candidates = await ListInstancesAsync(name, tags, cancellationToken).ConfigureAwait(false);
        return ScalewayResourceMatch.SingleOrNone(ScalewayResourceMatch.ByNameAndTags(candidates, name, tags), "database instance", name);
    }

    public Task<DatabaseInstance> UpdateInstanceAsync(string instanceId, UpdateDatabaseInstanceRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DatabaseInstance>(HttpMethod.Patch, InstancePath(instanceId), request, ScalewayCallKind.Idempotent, cancellationToken);

    /// <summary>Deletes an instance; returns it in "deleting", or null when it was already gone.</summary>
    public Task<DatabaseInstance?> DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        _client.DeleteReturningAsync<DatabaseInstance>(InstancePath(instanceId), cancellationToken);

    /// <summary>The instance's TLS CA certificate (PEM text).</summary>
    public async Task<string> GetCertificateAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var file = await _client.SendAsync<ScalewayFile>(HttpMethod.Get, $"{InstancePath(instanceId)}/certificate", null, ScalewayCallKind.Idempotent, cancellationToken).ConfigureAwait(false);
        return ScalewayApiClient.DecodeBase64Text(file.Content);
    }

    public Task<Database> CreateDatabaseAsync(string instanceId, string databaseName, CancellationToken cancellationToken = default) =>
        _client.SendAsync<Database>(HttpMethod.Post, $"{InstancePath(instanceId)}/databases", new { name = databaseName }, ScalewayCallKind.Create, cancellationToken);

    public Task<IReadOnlyList<Database>> ListDatabasesAsync(string instanceId, string? name = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListDatabasesResponse, Database>($"{InstancePath(instanceId)}/databases",
            new ScalewayQuery().Add("order_by", "name_asc").Add("name", name), cancellationToken);

    /// <summary>Deletes a database (addressed by name); false when it was already gone.</summary>
    public Task<bool> DeleteDatabaseAsync(string instanceId, string databaseName, CancellationToken cancellationToken = default) =>
        _client.DeleteAsync($"{InstancePath(instanceId)}/databases/{Escape(databaseName)}", cancellationToken);

    public Task<DatabaseUser> CreateUserAsync(string instanceId, CreateDatabaseUserRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DatabaseUser>(HttpMethod.Post, $"{InstancePath(instanceId)}/users", request, ScalewayCallKind.Create, cancellationToken);

    public Task<IReadOnlyList<DatabaseUser>> ListUsersAsync(string instanceId, string? name = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListDatabaseUsersResponse, DatabaseUser>($"{InstancePath(instanceId)}/users",
            new ScalewayQuery().Add("order_by", "name_asc").Add("name", name), cancellationToken);

    /// <summary>Deletes a user (addressed by name); false when it was already gone.</summary>
    public Task<bool> DeleteUserAsync(string instanceId, string userName, CancellationToken cancellationToken = default) =>
        _client.DeleteAsync($"{InstancePath(instanceId)}/users/{Escape(userName)}", cancellationToken);

    public Task<DatabaseEndpoint> CreateEndpointAsync(string instanceId, DatabaseEndpointSpec endpoint, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DatabaseEndpoint>(HttpMethod.Post, $"{InstancePath(instanceId)}/endpoints", new { endpoint_spec = endpoint }, ScalewayCallKind.Create, cancellationToken);

    /// <summary>Deletes an endpoint; false when it was already gone.</summary>
    public Task<bool> DeleteEndpointAsync(string endpointId, CancellationToken cancellationToken = default) =>
        _client.DeleteAsync($"{Root}/endpoints/{Escape(endpointId)}", cancellationToken);

    public Task<DatabaseBackup> CreateBackupAsync(CreateDatabaseBackupRequest request, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DatabaseBackup>(HttpMethod.Post, $"{Root}/backups", request, ScalewayCallKind.Create, cancellationToken);

    public Task<DatabaseBackup> GetBackupAsync(string backupId, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DatabaseBackup>(HttpMethod.Get, $"{Root}/backups/{Escape(backupId)}", null, ScalewayCallKind.Idempotent, cancellationToken);

    public Task<IReadOnlyList<DatabaseBackup>> ListBackupsAsync(string? instanceId = null, string? name = null, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListDatabaseBackupsResponse, DatabaseBackup>($"{Root}/backups",
            new ScalewayQuery().Add("order_by", "created_at_asc").Add("instance_id", instanceId).Add("name", name).Add("project_id", _client.Options.ProjectId),
            cancellationToken);

    /// <summary>Starts exporting a backup to a download URL; the backup goes "exporting" then "ready" with download_url set.</summary>
    public Task<DatabaseBackup> ExportBackupAsync(string backupId, CancellationToken cancellationToken = default) =>
        _client.SendAsync<DatabaseBackup>(HttpMethod.Post, $"{Root}/backups/{Escape(backupId)}/export", new { }, ScalewayCallKind.Create, cancellationToken);

    /// <summary>Deletes a backup; returns it in "deleting", or null when it was already gone.</summary>
    public Task<DatabaseBackup?> DeleteBackupAsync(string backupId, CancellationToken cancellationToken = default) =>
        _client.DeleteReturningAsync<DatabaseBackup>($"{Root}/backups/{Escape(backupId)}", cancellationToken);

    private string InstancePath(string instanceId) => $"{Root}/instances/{Escape(instanceId)}";

    private static string Escape(string id) => ScalewayApiClient.Escape(id);
}
