using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>A field selector such as <c>metadata.name=coder,status.phase!=Running</c> (equality terms only, as the real API).</summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Path, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string Path, bool Equal, string Value)> terms) => _terms = terms;

    public static FieldSelector Parse(string? text)
    {
        var terms = new List<(string, bool, string)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldSelector(terms);
        }

        foreach (var term in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            if (notEqual > 0)
            {
                terms.Add((term[..notEqual], false, term[(notEqual + 2)..]));
                continue;
            }

            var equal = term.IndexOf('=');
            if (equal <= 0)
            {
                throw KubernetesStatus.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            var valueStart = term.Length > equal + 1 && term[equal + 1] == '=' ? equal + 2 : equal + 1;
            terms.Add((term[..equal], true, term[valueStart..]));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject resource)
    {
        foreach (var (path, equal, value) in _terms)
        {
            var actual = JsonFields.GetString(resource, path) ?? "";
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
