using CoderBootstrap.Activities.Cost;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Billing API v2beta1: <c>GET /billing/v2beta1/consumptions</c> of a project for a billing period (lags by hours).</summary>
public sealed class ScalewayBillingApi
{
    private readonly ScalewayApiClient _client;

    internal ScalewayBillingApi(ScalewayApiClient client) => _client = client;

    public Task<IReadOnlyList<Consumption>> ListConsumptionsAsync(string billingPeriod, CancellationToken cancellationToken = default) =>
        _client.ListAllAsync<ListConsumptionsResponse, Consumption>("/billing/v2beta1/consumptions",
            new ScalewayQuery().Add("project_id", _client.Options.ProjectId).Add("billing_period", billingPeriod), cancellationToken);
}

/// <summary>One consumption line: its value, product, category and the resource it was billed for.</summary>
public sealed record Consumption(CatalogMoney? Value, string? ProductName, string? ResourceName, string? Sku, string? ProjectId, string? CategoryName, string? Unit, string? BilledQuantity);

public sealed record ListConsumptionsResponse(IReadOnlyList<Consumption>? Consumptions, long TotalCount) : IScalewayPage<Consumption>
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Consumption> Items => Consumptions ?? [];
}
