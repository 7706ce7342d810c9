namespace CoderBootstrap.Activities.Scaleway;

/// <summary>A database offer (GET /rdb/v1/regions/{region}/node-types); memory in bytes.</summary>
public sealed record DatabaseNodeType(
    string Name,
    string? StockStatus,
    string? Description,
    int Vcpus,
    long Memory,
    bool Disabled,
    bool Beta,
    bool IsHaRequired,
    string? Generation,
    string? InstanceRange,
    string? Region);
