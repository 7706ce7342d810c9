using CoderBootstrap.DevServer.Visibility;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\s*GROUP\s+BY\s+ExecutionStatus\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex GroupByStatus();

    public ListWorkflowExecutionsResponse ListWorkflows(string ns, string? query, int pageSize, ByteString pageToken)
    {
        var filter = ParseVisibilityQuery(ns, query);
        var skip = 0;
        if (!pageToken.IsEmpty && !int.TryParse(pageToken.ToStringUtf8(), out skip))
        {
            throw ServerErrors.InvalidArgument("Invalid NextPageToken.");
        }
        pageSize = pageSize > 0 ? pageSize : 1000;
        lock (_gate)
        {
            RequireNamespace(ns);
            var runs = _runs.Values.Where(r => r.Namespace == ns).ToDictionary(r => r.RunId);
            var matches = filter.Apply(runs.Values.Select(ToVisibilityRecord)).ToList();
            var response = new ListWorkflowExecutionsResponse();
            response.Executions.AddRange(matches.Skip(skip).Take(pageSize).Select(r => ToExecutionInfo(runs[r.RunId])));
            if (skip + pageSize < matches.Count)
            {
                response.NextPageToken = ByteString.CopyFromUtf8((skip + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return response;
        }
    }

    public CountWorkflowExecutionsResponse CountWorkflows(string ns, string? query)
    {
        // Counting supports one grouping, as the real visibility store does: GROUP BY ExecutionStatus.
        var grouping = GroupByStatus().Match(query ?? string.Empty);
        var filter = ParseVisibilityQuery(ns, grouping.Success ? query![..grouping.Index] : query);
        lock (_gate)
        {
            RequireNamespace(ns);
            var records = _runs.Values.Where(r => r.Namespace == ns).Select(ToVisibilityRecord).Where(filter.Matches).ToList();
            var response = new CountWorkflowExecutionsResponse { Count = records.Count };
            if (!grouping.Success)
            {
                return response;
            }
            foreach (var group in records.GroupBy(r => r.Status))
            {
                var value = new Payload { Data = ByteString.CopyFromUtf8($"\"{StatusName(group.Key)}\"") };
                value.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");
                value.Metadata["type"] = ByteString.CopyFromUtf8("Keyword");
                var aggregation = new CountWorkflowExecutionsResponse.Types.AggregationGroup { Count = group.Count() };
                aggregation.GroupValues.Add(value);
                response.Groups.Add(aggregation);
            }
            return response;
        }
    }

    /// <summary>Parses a list filter against the namespace's registered search attributes.</summary>
    private VisibilityQuery ParseVisibilityQuery(string ns, string? query)
    {
        IReadOnlyDictionary<string, Temporalio.Api.Enums.V1.IndexedValueType> registered;
        lock (_gate)
        {
            registered = RequireNamespace(ns).CustomSearchAttributes;
        }
        try
        {
            return VisibilityQueryParser.Parse(query, registered);
        }
        catch (VisibilityQueryException e)
        {
            throw ServerErrors.InvalidArgument(e.Message);
        }
    }

    private static string StatusName(Temporalio.Api.Enums.V1.WorkflowExecutionStatus status) => status switch
    {
        Temporalio.Api.Enums.V1.WorkflowExecutionStatus.ContinuedAsNew => "ContinuedAsNew",
        Temporalio.Api.Enums.V1.WorkflowExecutionStatus.TimedOut => "TimedOut",
        _ => status.ToString(),
    };

    private static VisibilityRecord ToVisibilityRecord(ExecutionState ex) => new(
        ex.WorkflowId, ex.RunId, ex.WorkflowType, ex.Status, ex.StartTime, ex.ExecutionTime, ex.CloseTime, ex.TaskQueue,
        ex.SearchAttributes?.IndexedFields.ToDictionary(kv => kv.Key, kv => kv.Value) ?? new Dictionary<string, Payload>());
}
