using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The common list parameters of Scaleway APIs: <c>page</c>, <c>page_size</c>, <c>order_by</c>, <c>name</c>, <c>tags</c>, <c>project_id</c>, <c>organization_id</c>.</summary>
public sealed class ListQuery
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    private readonly IQueryCollection _query;

    public ListQuery(IQueryCollection query)
    {
        _query = query;
        Page = ReadPositive("page") ?? 1;
        PageSize = ReadPositive("page_size") ?? DefaultPageSize;
        if (PageSize > MaxPageSize)
        {
            throw ScalewayErrors.InvalidArgument("page_size", "constraint", $"- page_size must be less than or equal to {MaxPageSize}\n");
        }

        OrderBy = Get("order_by") ?? "created_at_asc";
        if (!(OrderBy.EndsWith("_asc", StringComparison.Ordinal) || OrderBy.EndsWith("_desc", StringComparison.Ordinal)))
        {
            throw ScalewayErrors.InvalidArgument("order_by", "constraint", $"- unknown order_by value '{OrderBy}'\n");
        }

        Tags = _query["tags"].Where(value => !string.IsNullOrEmpty(value))
            .SelectMany(value => value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
    }

    public int Page { get; }

    public int PageSize { get; }

    public string OrderBy { get; }

    public IReadOnlyList<string> Tags { get; }

    public string? Get(string name)
    {
        var value = _query[name].FirstOrDefault();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>An enum filter where the SDK's zero value (e.g. <c>unknown</c>) means "no filter".</summary>
    public string? EnumFilter(string name, string zeroValue) => Get(name) is { } value && value != zeroValue ? value : null;

    public (List<T> Items, int TotalCount) Apply<T>(IEnumerable<T> source, Func<T, string> name, Func<T, IReadOnlyCollection<string>> tags, Func<T, DateTimeOffset> createdAt, Func<T, string?> projectId)
    {
        var filtered = source;
        if (Get("name") is { } nameFilter)
        {
            filtered = filtered.Where(item => name(item).Contains(nameFilter, StringComparison.Ordinal));
        }

        if (Tags.Count > 0)
        {
            filtered = filtered.Where(item => Tags.All(tag => tags(item).Contains(tag)));
        }

        if (Get("project_id") is { } project)
        {
            filtered = filtered.Where(item => projectId(item) == project);
        }

        var ordered = OrderBy switch
        {
            "created_at_desc" => filtered.OrderByDescending(createdAt),
            "name_asc" => filtered.OrderBy(name, StringComparer.Ordinal),
            "name_desc" => filtered.OrderByDescending(name, StringComparer.Ordinal),
            _ => filtered.OrderBy(createdAt),
        };
        var all = ordered.ToList();
        var page = all.Skip((Page - 1) * PageSize).Take(PageSize).ToList();
        return (page, all.Count);
    }

    private int? ReadPositive(string name)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw ScalewayErrors.InvalidArgument(name, "constraint", $"- {name} must be a positive integer\n");
        }

        return value;
    }
}
