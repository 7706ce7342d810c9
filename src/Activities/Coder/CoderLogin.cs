using System.Net;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Coder;

/// <summary>Logs in to Coder as the first admin; a refused login is permanent (the kept password no longer works).</summary>
internal static class CoderLogin
{
    public static async Task LoginAsync(CoderApiClient coder, AdminCredentials credentials, string environment, CancellationToken cancellationToken)
    {
        try
        {
            await coder.LoginAsync(credentials.Email, credentials.Password, cancellationToken).ConfigureAwait(false);
        }
        catch (CoderApiException error) when (error.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw ActivityFailure.Permanent(FailureKind.AuthenticationFailed,
                $"{environment}: Coder refused the admin login kept in secret {AdminSecretStore.SecretName}: {error.ApiMessage}", error);
        }
    }
}
