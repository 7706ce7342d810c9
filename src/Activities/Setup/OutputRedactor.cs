namespace CoderBootstrap.Activities.Setup;

/// <summary>
/// Masks credential values in hook output before it reaches the log or the hook result (which
/// travels through workflow history): a hook that prints its KUBECONFIG must not leak the token.
/// </summary>
internal sealed class OutputRedactor
{
    public const string Mask = "***";

    private static readonly string[] CredentialKeys = ["token", "client-key-data", "client-certificate-data", "password"];

    private readonly IReadOnlyList<string> _secrets;

    public OutputRedactor(IEnumerable<string> secrets) =>
        _secrets = secrets.Where(s => s.Length >= 8).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToList();

    /// <summary>The credential values of a kubeconfig (tokens, client keys and certificates, passwords).</summary>
    public static OutputRedactor FromKubeconfig(string? kubeconfig)
    {
        if (kubeconfig is null)
        {
            return new OutputRedactor([]);
        }

        var secrets = new List<string>();
        foreach (var rawLine in kubeconfig.Split('\n'))
        {
            var line = rawLine.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            if (CredentialKeys.Contains(key, StringComparer.Ordinal))
            {
                secrets.Add(line[(colon + 1)..].Trim().Trim('"', '\''));
            }
        }

        return new OutputRedactor(secrets);
    }

    public string Redact(string line)
    {
        foreach (var secret in _secrets)
        {
            line = line.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return line;
    }
}
