using static CoderBootstrap.Sandbox.Coder.CoderClusterDocument;
using static CoderBootstrap.Sandbox.Coder.CoderHttp;

namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Coder's one (default) organization, created with the first user.</summary>
internal sealed class CoderOrganizationsApi(CoderClusterState state)
{
    public IEnumerable<CoderRoute> Routes =>
    [
        new("GET", "/api/v2/organizations", "coder.organizations.list", false, true, ListOrganizationsAsync),
        new("GET", "/api/v2/organizations/{organization}", "coder.organizations.get", false, true, GetOrganizationAsync),
    ];

    /// <summary>The organization a path names (<c>default</c>, its name or its id), or Coder's 404.</summary>
    public OrganizationRecord Resolve(string reference) =>
        state.Read(document =>
        {
            var organization = document.Organization ?? throw CoderApiException.ResourceNotFound();
            var matches = reference == "default"
                || reference == organization.Name
                || (Guid.TryParse(reference, out var id) && id == organization.Id);
            return matches ? organization : throw CoderApiException.ResourceNotFound();
        });

    private Task ListOrganizationsAsync(CoderRequest request) =>
        WriteLockedJsonAsync(state, request.Context, 200, () =>
            state.Document.Organization is null ? [] : new[] { OrganizationView(state.Document.Organization) });

    private Task GetOrganizationAsync(CoderRequest request) =>
        WriteJsonAsync(request.Context, 200, OrganizationView(Resolve(request.Values["organization"])));

    private static object OrganizationView(OrganizationRecord organization) => new
    {
        organization.Id,
        organization.Name,
        organization.DisplayName,
        Description = "",
        Icon = "",
        organization.CreatedAt,
        UpdatedAt = organization.CreatedAt,
        IsDefault = true,
    };
}
