namespace CoderBootstrap.Activities.Environments;

/// <summary>Coder's external login provider. Client id and secret are references, never values.</summary>
public sealed record OAuthSpec(
    string Provider,
    SecretReference ClientId,
    SecretReference ClientSecret,
    IReadOnlyList<string> AllowedOrganizations);
