using System.Text.RegularExpressions;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>
/// No credential in a template: keys, tokens, private keys, passwords and webhook URLs written as
/// literal values in any of its files. Values taken from variables or the environment
/// (<c>$VAR</c>, <c>${...}</c>, <c>var.x</c>) are not credentials.
/// </summary>
internal static partial class CredentialScanner
{
    private static readonly (string Kind, Regex Pattern)[] Patterns =
    [
        ("an AWS access key", AwsAccessKey()),
        ("an Anthropic API key", AnthropicKey()),
        ("an OpenAI-style API key", OpenAiKey()),
        ("a GitHub token", GitHubToken()),
        ("a private key", PrivateKey()),
        ("a Scaleway secret key", ScalewaySecret()),
        ("a Slack webhook URL", SlackWebhook()),
        ("a literal password, token or key", LiteralSecretAssignment()),
    ];

    public static void Check(TemplateSource source)
    {
        foreach (var file in Directory.GetFiles(source.Folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                continue;
            }

            var lines = text.Split('\n');
            for (var index = 0; index < lines.Length; index++)
            {
                foreach (var (kind, pattern) in Patterns)
                {
                    if (pattern.IsMatch(lines[index]))
                    {
                        source.Report("credentials", file, index + 1, $"looks like {kind}; a template holds no credential: the user supplies it in the workspace");
                        break;
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"\b(AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\bsk-ant-[A-Za-z0-9_-]{20,}")]
    private static partial Regex AnthropicKey();

    [GeneratedRegex(@"\bsk-(proj-)?[A-Za-z0-9]{32,}")]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"-----BEGIN ([A-Z]+ )*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"SCW_SECRET_KEY\W{1,4}[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex ScalewaySecret();

    [GeneratedRegex(@"https://hooks\.slack\.com/services/[A-Za-z0-9/]+")]
    private static partial Regex SlackWebhook();

    // NAME = "value" / NAME: "value" / NAME=value where the name says secret and the value is a literal of 8+ characters.
    [GeneratedRegex("""(?i)\b[a-z_]*(password|passwd|secret|api[_-]?key|access[_-]?key|auth[_-]?token|token)\b["']?(?:\s*[:=]\s*["']|=|:[ \t]+)(?![$<{]|var\.|local\.|data\.|module\.|coder_|true\b|false\b|null\b)[A-Za-z0-9][A-Za-z0-9+/_\-.]{7,}""")]
    private static partial Regex LiteralSecretAssignment();
}
