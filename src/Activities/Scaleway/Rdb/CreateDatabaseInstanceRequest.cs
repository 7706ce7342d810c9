namespace CoderBootstrap.Activities.Scaleway;

/// <summary>
/// Body of POST /rdb/v1/regions/{region}/instances. volume_size is in bytes. The password is
/// sent to the API only: <see cref="ToString"/> hides it.
/// </summary>
public sealed record CreateDatabaseInstanceRequest(
    string ProjectId,
    string Name,
    string Engine,
    string UserName,
    string Password,
    string NodeType,
    bool IsHaCluster,
    bool DisableBackup,
    IReadOnlyList<string> Tags,
    string VolumeType,
    long VolumeSize,
    IReadOnlyList<DatabaseEndpointSpec>? InitEndpoints,
    bool BackupSameRegion = false)
{
    public override string ToString() =>
        $"CreateDatabaseInstanceRequest {{ Name = {Name}, Engine = {Engine}, NodeType = {NodeType}, IsHaCluster = {IsHaCluster}, UserName = {UserName}, Password = (hidden) }}";
}
