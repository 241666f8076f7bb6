using System.Text.Json;
using ClickPredict.Mlflow.Wire;

namespace ClickPredict.Mlflow;

/// <summary>Packs metrics, params and tags into as few log-batch requests as the server's limits allow.</summary>
internal static class LogBatchSplitter
{
    /// <summary>Each batch takes as many params as fit, then tags, then metrics, so the kinds share calls.</summary>
    public static IEnumerable<LogBatchRequest> Split(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params,
        IReadOnlyList<RunTag> tags)
    {
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new LogBatchRequest(runId, [], [], []), MlflowJson.Default.LogBatchRequest).Length;
        // Each item costs its own JSON plus one separating comma.
        var paramSizes = @params.Select(p => JsonSerializer.SerializeToUtf8Bytes(p, MlflowJson.Default.Param).Length + 1).ToArray();
        var tagSizes = tags.Select(t => JsonSerializer.SerializeToUtf8Bytes(t, MlflowJson.Default.RunTag).Length + 1).ToArray();
        var metricSizes = metrics.Select(m => JsonSerializer.SerializeToUtf8Bytes(m, MlflowJson.Default.Metric).Length + 1).ToArray();
        int p = 0, t = 0, m = 0;
        while (p < @params.Count || t < tags.Count || m < metrics.Count)
        {
            var bytes = envelope;
            var entities = 0;
            var (p0, t0, m0) = (p, t, m);
            while (p < @params.Count && p - p0 < MlflowLimits.MaxParamsPerBatch && Fits(paramSizes[p]))
                Add(paramSizes[p++]);
            while (t < tags.Count && t - t0 < MlflowLimits.MaxTagsPerBatch && Fits(tagSizes[t]))
                Add(tagSizes[t++]);
            while (m < metrics.Count && m - m0 < MlflowLimits.MaxMetricsPerBatch && Fits(metricSizes[m]))
                Add(metricSizes[m++]);
            yield return new LogBatchRequest(runId, Slice(metrics, m0, m), Slice(@params, p0, p), Slice(tags, t0, t));

            bool Fits(int size) => entities < MlflowLimits.MaxEntitiesPerBatch && (entities == 0 || bytes + size <= MlflowLimits.MaxBatchRequestBytes);

            void Add(int size)
            {
                bytes += size;
                entities++;
            }
        }
    }

    private static List<T> Slice<T>(IReadOnlyList<T> items, int from, int to) => [.. items.Skip(from).Take(to - from)];
}
