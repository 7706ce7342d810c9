namespace CoderBootstrap.Activities.Templates.Hcl;

/// <summary>The attributes and nested blocks of an HCL file or block body.</summary>
public sealed class HclBody(IReadOnlyList<HclBlock> blocks, IReadOnlyList<HclAttribute> attributes)
{
    public IReadOnlyList<HclBlock> Blocks { get; } = blocks;

    public IReadOnlyList<HclAttribute> Attributes { get; } = attributes;

    /// <summary>Direct child blocks of a type whose labels start with the given ones.</summary>
    public IEnumerable<HclBlock> BlocksOf(string type, params string[] leadingLabels) =>
        Blocks.Where(block => block.Type == type
            && block.Labels.Count >= leadingLabels.Length
            && leadingLabels.Select((label, index) => block.Labels[index] == label).All(matches => matches));

    public HclBlock? SingleBlock(string type, params string[] leadingLabels) =>
        BlocksOf(type, leadingLabels).SingleOrDefault();

    /// <summary>Every block of the type at any depth below this body.</summary>
    public IEnumerable<HclBlock> DescendantBlocks(string type)
    {
        foreach (var block in Blocks)
        {
            if (block.Type == type)
            {
                yield return block;
            }

            foreach (var nested in block.Body.DescendantBlocks(type))
            {
                yield return nested;
            }
        }
    }

    public string? Expression(string attributeName) =>
        Attributes.FirstOrDefault(attribute => attribute.Name == attributeName)?.Expression;

    /// <summary>The value of an attribute written as a plain quoted string, without the quotes.</summary>
    public string? StringValue(string attributeName)
    {
        var expression = Expression(attributeName);
        return expression is { Length: >= 2 } && expression[0] == '"' && expression[^1] == '"'
            ? expression[1..^1]
            : null;
    }
}
