using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// The Scaleway API of the worker, made on first use: a worker starts without credentials and each
/// activity that needs them fails once, naming the missing variable (never a value).
/// </summary>
public sealed class ScalewayAccess
{
    private readonly ActivityServices _services;

    public ScalewayAccess(ActivityServices services) => _services = services;

    public ScalewayCredentials Credentials
    {
        get
        {
            try
            {
                return _services.Credentials;
            }
            catch (EnvironmentSpecException ex)
            {
                throw ActivityFailure.Permanent(FailureKind.MissingCredentials, ex.Message, ex);
            }
        }
    }

    public ScalewayApiClient Api
    {
        get
        {
            _ = Credentials;
            return _services.Scaleway;
        }
    }

    /// <summary>The credentials for an environment: a region that differs from the client's is permanent.</summary>
    public ScalewayCredentials For(EnvironmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var credentials = Credentials;
        if (!string.Equals(spec.Region, credentials.Region, StringComparison.Ordinal))
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                $"environment '{spec.Name}' lives in region {spec.Region} but {ScalewayCredentials.RegionVariable} is {credentials.Region}; set {ScalewayCredentials.RegionVariable}={spec.Region}");
        }
        return credentials;
    }
}
