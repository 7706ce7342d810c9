using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// Decides what goes into the <c>coder-github-oauth</c> secret: the client id and secret from the
/// variables the spec refers to, the organization allow-list, and the refusals (an empty allow-list
/// in prod would let any GitHub account in; half a client configuration cannot work).
/// </summary>
internal static class OAuthPolicy
{
    public const string ProductionEnvironment = "prod";

    /// <summary>The secret's keys and values, or null when no OAuth application is configured (password login only).</summary>
    public static IReadOnlyDictionary<string, string>? Resolve(EnvironmentSpec spec, Func<string, string?> readVariable)
    {
        var oauth = spec.Coder.OAuth;
        if (oauth.AllowedOrganizations.Count == 0 && string.Equals(spec.Name, ProductionEnvironment, StringComparison.Ordinal))
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                $"{spec.Name}: coder.oauth.allowed_orgs is empty, which would let any GitHub account sign in; list the GitHub organizations allowed in production");
        }

        var clientId = readVariable(oauth.ClientId.EnvironmentVariable);
        var clientSecret = readVariable(oauth.ClientSecret.EnvironmentVariable);
        var hasId = !string.IsNullOrEmpty(clientId);
        var hasSecret = !string.IsNullOrEmpty(clientSecret);
        if (!hasId && !hasSecret)
        {
            return null;
        }

        if (!hasId || !hasSecret)
        {
            var missing = hasId ? oauth.ClientSecret.EnvironmentVariable : oauth.ClientId.EnvironmentVariable;
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                $"{spec.Name}: GitHub OAuth is half configured: environment variable {missing} is not set");
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["client-id"] = clientId!,
            ["client-secret"] = clientSecret!,
            ["allowed-orgs"] = string.Join(",", oauth.AllowedOrganizations),
            ["allowed-teams"] = string.Empty,
            ["allow-signups"] = "true",
        };
    }
}
