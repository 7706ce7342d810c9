namespace CoderBootstrap.DevServer.Http;

/// <summary>
/// A <c>google.api.http</c> path such as <c>/api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}</c>:
/// literal segments and single-segment variables naming a (possibly nested) request field.
/// </summary>
public sealed class PathTemplate
{
    private readonly string?[] _literals;
    private readonly string?[] _variables;

    private PathTemplate(string text, string?[] literals, string?[] variables)
    {
        Text = text;
        _literals = literals;
        _variables = variables;
    }

    public string Text { get; }

    public int SegmentCount => _literals.Length;

    /// <summary>How many segments are literal: a more literal template wins over a more general one.</summary>
    public int LiteralCount => _literals.Count(l => l is not null);

    /// <summary>The field paths bound from the path, in order (proto names, dot-separated).</summary>
    public IEnumerable<string> VariableFields => _variables.OfType<string>();

    public static PathTemplate Parse(string template)
    {
        if (!template.StartsWith('/'))
        {
            throw new FormatException($"http rule path must start with '/': {template}");
        }
        var segments = template[1..].Split('/');
        var literals = new string?[segments.Length];
        var variables = new string?[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                var inner = segment[1..^1];
                // "{name=pattern}" only ever appears with the single-segment pattern "*" in these rules.
                var eq = inner.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0 && inner[(eq + 1)..] != "*")
                {
                    throw new FormatException($"http rule path variable with a multi-segment pattern is not supported: {template}");
                }
                variables[i] = eq >= 0 ? inner[..eq] : inner;
            }
            else if (segment.Contains('{') || segment.Contains('*') || segment.Contains(':'))
            {
                throw new FormatException($"http rule path segment not supported: '{segment}' in {template}");
            }
            else
            {
                literals[i] = segment;
            }
        }
        return new PathTemplate(template, literals, variables);
    }

    /// <summary>Matches the raw (still percent-encoded) segments of a request path; values come back decoded.</summary>
    public bool TryMatch(IReadOnlyList<string> rawSegments, out IReadOnlyList<KeyValuePair<string, string>> bound)
    {
        bound = [];
        if (rawSegments.Count != _literals.Length)
        {
            return false;
        }
        var values = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < rawSegments.Count; i++)
        {
            if (_literals[i] is { } literal)
            {
                if (!string.Equals(literal, rawSegments[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }
            else
            {
                var value = Uri.UnescapeDataString(rawSegments[i]);
                if (value.Length == 0)
                {
                    return false;
                }
                values.Add(new(_variables[i]!, value));
            }
        }
        bound = values;
        return true;
    }

    public override string ToString() => Text;
}
