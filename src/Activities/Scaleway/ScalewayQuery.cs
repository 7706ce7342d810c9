using System.Text;

namespace CoderBootstrap.Activities.Scaleway;

/// <summary>Query string builder: skips absent values, repeats list parameters, escapes everything.</summary>
public sealed class ScalewayQuery
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public ScalewayQuery Add(string name, string? value)
    {
        if (value is not null)
        {
            _parameters.Add(new(name, value));
        }
        return this;
    }

    public ScalewayQuery Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "true" : "false");

    public ScalewayQuery Add(string name, int? value) => Add(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public ScalewayQuery AddEach(string name, IEnumerable<string>? values)
    {
        foreach (var value in values ?? [])
        {
            Add(name, value);
        }
        return this;
    }

    public ScalewayQuery Copy()
    {
        var copy = new ScalewayQuery();
        copy._parameters.AddRange(_parameters);
        return copy;
    }

    public string AppendTo(string path)
    {
        if (_parameters.Count == 0)
        {
            return path;
        }
        var builder = new StringBuilder(path);
        var separator = path.Contains('?') ? '&' : '?';
        foreach (var (name, value) in _parameters)
        {
            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }
}
