using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Kubernetes;

/// <summary>
/// A parsed label selector: equality (<c>k=v</c>, <c>k==v</c>, <c>k!=v</c>), set (<c>k in (a,b)</c>,
/// <c>k notin (a,b)</c>) and existence (<c>k</c>, <c>!k</c>) requirements, all of which must hold.
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var term in SplitTopLevel(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>The selector of a workload or service: <c>matchLabels</c>/<c>matchExpressions</c>, or a plain label map.</summary>
    public static LabelSelector FromSelectorObject(JsonObject? selector)
    {
        if (selector is null)
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        var isStructured = selector.ContainsKey("matchLabels") || selector.ContainsKey("matchExpressions");
        var equalities = isStructured ? selector["matchLabels"] as JsonObject : selector;
        foreach (var (key, value) in equalities ?? [])
        {
            requirements.Add(new Requirement(key, Operator.In, [value?.ToString() ?? ""]));
        }

        foreach (var expression in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var values = (expression["values"] as JsonArray ?? []).Select(value => value?.ToString() ?? "").ToList();
            var op = expression["operator"]?.GetValue<string>() switch
            {
                "In" => Operator.In,
                "NotIn" => Operator.NotIn,
                "Exists" => Operator.Exists,
                _ => Operator.DoesNotExist,
            };
            requirements.Add(new Requirement(expression["key"]?.GetValue<string>() ?? "", op, values));
        }

        return new LabelSelector(requirements);
    }

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(JsonObject? labels)
    {
        foreach (var requirement in _requirements)
        {
            var present = labels is not null && labels.ContainsKey(requirement.Key);
            var value = present ? labels![requirement.Key]?.ToString() ?? "" : null;
            var holds = requirement.Operator switch
            {
                Operator.In => present && requirement.Values.Contains(value!),
                Operator.NotIn => !present || !requirement.Values.Contains(value!),
                Operator.Exists => present,
                _ => !present,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static Requirement ParseTerm(string term, string whole)
    {
        var set = SetTerm().Match(term);
        if (set.Success)
        {
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var op = set.Groups["op"].Value == "in" ? Operator.In : Operator.NotIn;
            return new Requirement(ValidKey(set.Groups["key"].Value, whole), op, values);
        }

        if (term.StartsWith('!'))
        {
            return new Requirement(ValidKey(term[1..].Trim(), whole), Operator.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotIn), ("==", Operator.In), ("=", Operator.In) })
        {
            var index = term.IndexOf(token, StringComparison.Ordinal);
            if (index > 0)
            {
                var key = ValidKey(term[..index].Trim(), whole);
                return new Requirement(key, op, [term[(index + token.Length)..].Trim()]);
            }
        }

        return new Requirement(ValidKey(term, whole), Operator.Exists, []);
    }

    private static string ValidKey(string key, string whole)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw KubernetesStatus.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in selector \"{whole}\"");
        }

        return key;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>[^\s!=(),]+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex KeyPattern();

    private enum Operator
    {
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Operator, IReadOnlyList<string> Values);
}
