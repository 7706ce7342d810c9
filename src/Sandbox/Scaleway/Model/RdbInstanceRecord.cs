namespace CoderBootstrap.Sandbox.Scaleway.Model;

/// <summary>A managed database instance; statuses come from the timestamps.</summary>
public sealed class RdbInstanceRecord
{
    public required string Id { get; init; }
    public required string Region { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; set; }
    public required string Engine { get; init; }
    public required string NodeType { get; set; }
    public bool IsHaCluster { get; init; }
    public bool BackupDisabled { get; set; }
    public List<string> Tags { get; set; } = [];
    public required string VolumeType { get; init; }
    public long VolumeSize { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset ProvisionedAt { get; init; }
    public DateTimeOffset ReadyAt { get; init; }

    /// <summary>A status held until <see cref="TransientUntil"/> (<c>initializing</c> after adding an endpoint, <c>configuring</c> after removing one).</summary>
    public string? TransientStatus { get; set; }

    public DateTimeOffset? TransientUntil { get; set; }
    public DateTimeOffset? DeletingSince { get; set; }
    public DateTimeOffset? GoneAt { get; set; }
    public List<RdbEndpointRecord> Endpoints { get; set; } = [];
    public List<RdbUserRecord> Users { get; set; } = [];
    public List<RdbDatabaseRecord> Databases { get; set; } = [];
    public List<RdbPrivilegeRecord> Privileges { get; set; } = [];
    public List<RdbAclRuleRecord> AclRules { get; set; } = [];

    /// <summary>Whether this instance has a real role and database on the sandbox's local PostgreSQL.</summary>
    public bool BackedByPostgres { get; set; }
}

/// <summary>An endpoint; added ones show once the instance has finished initializing them, removed ones stay listed while it reconfigures.</summary>
public sealed record RdbEndpointRecord(string Id, string? PrivateNetworkId, string? ServiceIp, DateTimeOffset CreatedAt,
    string ProvisioningMode = "static", DateTimeOffset? ActiveFrom = null, DateTimeOffset? RemovedAt = null)
{
    public bool IsListed(DateTimeOffset now) => (ActiveFrom is null || ActiveFrom <= now) && (RemovedAt is null || now < RemovedAt);

    public bool IsRemoved => RemovedAt is not null;
}

public sealed record RdbUserRecord(string Name, bool IsAdmin);

public sealed record RdbDatabaseRecord(string Name, DateTimeOffset CreatedAt);

public sealed record RdbPrivilegeRecord(string DatabaseName, string UserName, string Permission);

public sealed record RdbAclRuleRecord(string Ip, string Description);
