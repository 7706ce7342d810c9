using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace CoderBootstrap.DevServer.Hosting;

/// <summary>TLS of the embedded server: a PEM certificate, and with a client CA, client certificates required (mTLS).</summary>
internal static class ServerTls
{
    public static void Configure(HttpsConnectionAdapterOptions https, string certificateFile, string keyFile, string? clientCaFile)
    {
        https.ServerCertificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        if (clientCaFile is null)
        {
            return;
        }
        var authority = X509CertificateLoader.LoadCertificateFromFile(clientCaFile);
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = (certificate, _, _) => IssuedBy(certificate, authority);
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
