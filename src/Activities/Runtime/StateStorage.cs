using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>The object storage of the environments (state documents, kubeconfig, database credentials), made on first use.</summary>
public sealed class StateStorage(ActivityServices services)
{
    private readonly ScalewayAccess _scaleway = new ScalewayAccess(services);

    public S3StateStore State => Checked(() => services.State);

    public KubeconfigPublisher Kubeconfigs => Checked(() => services.Kubeconfigs);

    public DatabaseCredentialsStore DatabaseCredentials => Checked(() => services.DatabaseCredentials);

    private T Checked<T>(Func<T> value)
    {
        _ = _scaleway.Credentials;
        return value();
    }
}
