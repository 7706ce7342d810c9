namespace CoderBootstrap.Activities.Scaleway;

/// <summary>GET /instance/v1/zones/{zone}/products/servers: server types keyed by name; the total is in the X-Total-Count header.</summary>
public sealed record ListServerTypesResponse(IReadOnlyDictionary<string, ServerType> Servers);
