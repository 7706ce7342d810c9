using Amazon.S3;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Scaleway;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Runtime;

/// <summary>
/// The clients every activity needs, built once per worker from <see cref="CoderBootstrapOptions"/>.
/// Credentials are read when first needed, so a worker starts without them and each activity
/// fails with a clear, non-retryable error naming what is missing.
/// </summary>
public sealed class ActivityServices : IDisposable
{
    private readonly Lazy<ScalewayCredentials> _credentials;
    private readonly Lazy<ScalewayApiClient> _scaleway;
    private readonly Lazy<IAmazonS3> _s3;
    private readonly Lazy<S3StateStore> _state;
    private readonly Lazy<KubeconfigPublisher> _kubeconfigs;
    private readonly Lazy<Infra.DatabaseCredentialsStore> _databaseCredentials;
    private readonly HttpClient _http;

    /// <param name="scalewayHttpHandler">
    /// Sends the Scaleway API calls instead of the default handler (tests use it to observe or alter
    /// answers); it is not disposed with the services.
    /// </param>
    public ActivityServices(CoderBootstrapOptions options, Serilog.ILogger? logger = null, HttpMessageHandler? scalewayHttpHandler = null)
    {
        _http = scalewayHttpHandler is null ? new HttpClient() : new HttpClient(scalewayHttpHandler, disposeHandler: false);
        _http.Timeout = TimeSpan.FromSeconds(60);
        Options = options;
        Logger = logger ?? Serilog.Core.Logger.None;
        Environments = new EnvironmentSpecLoader(options.EnvironmentsDirectory);
        _credentials = new Lazy<ScalewayCredentials>(() => ScalewayCredentials.FromEnvironment(options.Environment));
        _scaleway = new Lazy<ScalewayApiClient>(() => new ScalewayApiClient(_http, new ScalewayClientOptions
        {
            BaseUrl = Credentials.ApiUrl,
            SecretKey = Credentials.SecretKey,
            ProjectId = Credentials.ProjectId,
            Region = Credentials.Region,
            Zone = Credentials.Zone,
        }, Logger));
        _s3 = new Lazy<IAmazonS3>(() => ObjectStorageClientFactory.Create(ObjectStorageOptions.FromCredentials(Credentials), Logger));
        _state = new Lazy<S3StateStore>(() => new S3StateStore(S3));
        _kubeconfigs = new Lazy<KubeconfigPublisher>(() => new KubeconfigPublisher(S3, State, ObjectStorageOptions.FromCredentials(Credentials)));
        _databaseCredentials = new Lazy<Infra.DatabaseCredentialsStore>(() => new Infra.DatabaseCredentialsStore(S3, State));
    }

    public CoderBootstrapOptions Options { get; }

    public Serilog.ILogger Logger { get; }

    public EnvironmentSpecLoader Environments { get; }

    public ScalewayCredentials Credentials => _credentials.Value;

    public ScalewayApiClient Scaleway => _scaleway.Value;

    public IAmazonS3 S3 => _s3.Value;

    public S3StateStore State => _state.Value;

    public KubeconfigPublisher Kubeconfigs => _kubeconfigs.Value;

    public Infra.DatabaseCredentialsStore DatabaseCredentials => _databaseCredentials.Value;

    /// <summary>The HTTP client of webhook notifications (timeout 10 s, so a hanging receiver fails the attempt, not the activity's timeout).</summary>
    public HttpClient NotificationHttp { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public PriceCatalog LoadPriceCatalog() => PriceCatalog.Load(Options.PriceCatalogPath);

    public void Dispose()
    {
        if (_s3.IsValueCreated)
        {
            _s3.Value.Dispose();
        }
        _http.Dispose();
        NotificationHttp.Dispose();
    }
}
