using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>The object storage of the environments (state documents, kubeconfig, database credentials), made on first use.</summary>
public sealed class StateStorage
{
    private readonly ActivityServices _services;
    private readonly ScalewayAccess _scaleway;

    public StateStorage(ActivityServices services)
    {
        _services = services;
        _scaleway = new ScalewayAccess(services);
    }

    public S3StateStore State => Checked(() => _services.State);

    public KubeconfigPublisher Kubeconfigs => Checked(() => _services.Kubeconfigs);

    public DatabaseCredentialsStore DatabaseCredentials => Checked(() => _services.DatabaseCredentials);

    private T Checked<T>(Func<T> value)
    {
        _ = _scaleway.Credentials;
        return value();
    }
}
