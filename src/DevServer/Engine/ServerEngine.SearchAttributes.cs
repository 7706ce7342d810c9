using CoderBootstrap.DevServer.Persistence;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    public IReadOnlyDictionary<string, IndexedValueType> CustomSearchAttributes(string ns)
    {
        lock (_gate)
        {
            return new Dictionary<string, IndexedValueType>(RequireNamespace(ns).CustomSearchAttributes, StringComparer.Ordinal);
        }
    }

    /// <summary>Registers custom search attributes; re-adding one with its registered type is a no-op, with another type an error.</summary>
    public void AddSearchAttributes(string ns, IDictionary<string, IndexedValueType> attributes)
    {
        lock (_gate)
        {
            var record = RequireNamespace(ns);
            if (attributes.Count == 0)
            {
                throw ServerErrors.InvalidArgument("SearchAttributes are not set on request.");
            }
            var custom = new Dictionary<string, IndexedValueType>(record.CustomSearchAttributes, StringComparer.Ordinal);
            foreach (var (name, type) in attributes)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    throw ServerErrors.InvalidArgument("Search attribute name is empty.");
                }
                if (type == IndexedValueType.Unspecified || !System.Enum.IsDefined(type))
                {
                    throw ServerErrors.InvalidArgument($"Unknown search attribute type {type} for {name}.");
                }
                if (SearchAttributeRegistry.SystemAttributes.ContainsKey(name))
                {
                    throw ServerErrors.InvalidArgument($"Search attribute {name} is reserved by system.");
                }
                if (custom.TryGetValue(name, out var existing))
                {
                    if (existing != type)
                    {
                        throw ServerErrors.AlreadyExists($"Search attribute {name} already exists with type {existing}.");
                    }
                    continue;
                }
                custom[name] = type;
            }
            if (custom.Count > SearchAttributeRegistry.MaxCustomAttributes)
            {
                throw ServerErrors.InvalidArgument($"Unable to create search attributes: cannot have more than {SearchAttributeRegistry.MaxCustomAttributes} custom search attributes.");
            }
            SaveNamespaceLocked(record with { CustomSearchAttributes = custom });
        }
    }

    public void RemoveSearchAttributes(string ns, IEnumerable<string> names)
    {
        lock (_gate)
        {
            var record = RequireNamespace(ns);
            var custom = new Dictionary<string, IndexedValueType>(record.CustomSearchAttributes, StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (!custom.Remove(name))
                {
                    throw ServerErrors.NotFound($"Search attribute {name} doesn't exist.");
                }
            }
            SaveNamespaceLocked(record with { CustomSearchAttributes = custom });
        }
    }

    private void SaveNamespaceLocked(NamespaceRecord record)
    {
        _namespaces[record.Name] = record;
        _store.SaveNamespace(record);
    }

    /// <summary>Refuses search attributes the namespace does not define (InvalidArgument, as a real frontend answers).</summary>
    private void RequireKnownSearchAttributes(string ns, SearchAttributes? attributes)
    {
        if (ValidateSearchAttributes(ns, attributes) is { } reason)
        {
            throw ServerErrors.InvalidArgument(reason);
        }
    }

    private string? ValidateSearchAttributes(string ns, SearchAttributes? attributes) =>
        attributes is null || attributes.IndexedFields.Count == 0
            ? null
            : SearchAttributeRegistry.Validate(ns, attributes, RequireNamespace(ns).CustomSearchAttributes);
}
