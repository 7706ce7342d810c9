namespace CoderBootstrap.Sandbox.Coder;

/// <summary>One endpoint: method, path template with <c>{name}</c> segments, operation name for the runtime, and handler.</summary>
internal sealed class CoderRoute(string method, string pathTemplate, string operation, bool mutation, bool requiresAuthentication, Func<CoderRequest, Task> handler)
{
    private readonly string[] _segments = pathTemplate.Split('/');

    public string Method { get; } = method;

    public string Operation { get; } = operation;

    public bool Mutation { get; } = mutation;

    public bool RequiresAuthentication { get; } = requiresAuthentication;

    public Func<CoderRequest, Task> Handler { get; } = handler;

    /// <summary>The path parameters when the path matches the template, else null.</summary>
    public Dictionary<string, string>? TryMatch(string[] pathSegments)
    {
        if (pathSegments.Length != _segments.Length)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _segments.Length; i++)
        {
            var expected = _segments[i];
            if (expected.StartsWith('{') && expected.EndsWith('}'))
            {
                if (pathSegments[i].Length == 0)
                {
                    return null;
                }

                values[expected[1..^1]] = Uri.UnescapeDataString(pathSegments[i]);
            }
            else if (!string.Equals(expected, pathSegments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return values;
    }
}
