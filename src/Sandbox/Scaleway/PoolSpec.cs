namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The validated fields of a create-pool request (alone or inside a create-cluster request).</summary>
public sealed record PoolSpec(string Name, string NodeType, int Size, int? MinSize, int? MaxSize, bool Autoscaling, bool Autohealing,
    List<string> Tags, string? Zone, string? RootVolumeType, long? RootVolumeSize)
{
    public static PoolSpec Parse(RequestBody body, string prefix)
    {
        string Required(string name) => Wrap(prefix, () => body.RequiredString(name));
        var name = Required("name");
        var nodeType = ScalewayFormat.NodeType(Required("node_type"));
        if (!InstanceCatalog.IsKnownNodeType(nodeType))
        {
            throw ScalewayErrors.InvalidArgument(prefix + "node_type", "constraint", $"- node type {nodeType} does not exist\n");
        }

        var size = Wrap(prefix, () => body.Integer("size")) ?? throw ScalewayErrors.InvalidArgument(prefix + "size", "required", "- required: this field is required\n");
        if (size < 0 || size > 150)
        {
            throw ScalewayErrors.InvalidArgument(prefix + "size", "constraint", "- size must be between 0 and 150\n");
        }

        var minSize = Wrap(prefix, () => body.Integer("min_size"));
        var maxSize = Wrap(prefix, () => body.Integer("max_size"));
        if (minSize > maxSize || (maxSize is { } max && max < size))
        {
            throw ScalewayErrors.InvalidArgument(prefix + "max_size", "constraint", "- min_size <= size <= max_size is required\n");
        }

        var zone = Wrap(prefix, () => body.String("zone"));
        return new PoolSpec(name, nodeType, (int)size, (int?)minSize, (int?)maxSize,
            Wrap(prefix, () => body.Boolean("autoscaling")) ?? false,
            Wrap(prefix, () => body.Boolean("autohealing")) ?? false,
            Wrap(prefix, () => body.StringList("tags")) ?? [],
            string.IsNullOrEmpty(zone) ? null : zone,
            Wrap(prefix, () => body.String("root_volume_type")),
            Wrap(prefix, () => body.Integer("root_volume_size")));
    }

    // Errors of nested pools name the full argument path (e.g. pools.0.size), as the API does.
    private static T Wrap<T>(string prefix, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ScalewayApiException exception) when (prefix.Length > 0 && exception.Body?["details"]?[0]?["argument_name"] is { } argument)
        {
            exception.Body["details"]![0]!["argument_name"] = prefix + argument.GetValue<string>();
            throw;
        }
    }
}
