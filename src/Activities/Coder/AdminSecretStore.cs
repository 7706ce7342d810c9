using System.Net;
using System.Text;
using CoderBootstrap.Activities.Runtime;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace CoderBootstrap.Activities.Coder;

/// <summary>
/// Keeps the first admin's credentials in the Kubernetes secret <c>coder-admin</c> of Coder's
/// namespace: the only place the generated password is stored.
/// </summary>
internal sealed class AdminSecretStore
{
    public const string SecretName = "coder-admin";
    private const string EmailKey = "email";
    private const string UserNameKey = "username";
    private const string PasswordKey = "password";

    private readonly IKubernetes _client;
    private readonly string _namespace;

    public AdminSecretStore(IKubernetes client, string ns)
    {
        _client = client;
        _namespace = ns;
    }

    public async Task<AdminCredentials?> ReadAsync(CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await _client.CoreV1.ReadNamespacedSecretAsync(SecretName, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        string? Value(string key) => secret.Data is not null && secret.Data.TryGetValue(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
        var email = Value(EmailKey);
        var userName = Value(UserNameKey);
        var password = Value(PasswordKey);
        return string.IsNullOrEmpty(email) || string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password)
            ? null
            : new AdminCredentials(userName, email, password);
    }

    /// <summary>Creates the secret; when it appeared meanwhile (a retried attempt), returns what it holds.</summary>
    public async Task<AdminCredentials> CreateAsync(AdminCredentials credentials, string environment, CancellationToken cancellationToken)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = SecretName,
                NamespaceProperty = _namespace,
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/part-of"] = "coder",
                    ["app.kubernetes.io/managed-by"] = "coder-bootstrap",
                    ["coder-bootstrap/environment"] = environment,
                },
            },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]>
            {
                [EmailKey] = Encoding.UTF8.GetBytes(credentials.Email),
                [UserNameKey] = Encoding.UTF8.GetBytes(credentials.UserName),
                [PasswordKey] = Encoding.UTF8.GetBytes(credentials.Password),
            },
        };
        try
        {
            await _client.CoreV1.CreateNamespacedSecretAsync(secret, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return credentials;
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return await ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration,
                    $"secret {_namespace}/{SecretName} exists but lacks the email, username or password key: fill it in or delete it");
        }
    }
}
