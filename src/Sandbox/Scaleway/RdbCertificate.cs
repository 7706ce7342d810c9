using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The TLS certificate the managed-database API hands out (a self-signed one, made once per sandbox).</summary>
public sealed class RdbCertificate
{
    private readonly Lazy<string> _pem = new(Create);

    public string Pem => _pem.Value;

    private static string Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=rdb.sandbox.scw.cloud", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.ExportCertificatePem() + "\n";
    }
}
