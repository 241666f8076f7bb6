namespace ClickPredict.Mlflow;

/// <summary>Client-side checks of what the server would reject or, worse, silently damage.</summary>
internal static class RunValues
{
    public static void Validate(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags)
    {
        var problems = Problems(metrics, @params, tags).Take(5).ToList();
        if (problems.Count > 0)
            throw Invalid(string.Join("; ", problems));
    }

    public static IEnumerable<string> Problems(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> @params, IReadOnlyList<RunTag> tags)
    {
        foreach (var m in metrics)
        {
            if (KeyProblem("metric", m.Key) is { } p)
                yield return p;
            if (!double.IsFinite(m.Value))
                yield return $"metric '{m.Key}' has the non-finite value {m.Value} (step {m.Step})";
        }
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in @params)
        {
            if (KeyProblem("param", param.Key) is { } p)
                yield return p;
            if (param.Value is null)
                yield return $"param '{param.Key}' has no value";
            else if (param.Value.Length > MlflowLimits.MaxParamValueLength)
                yield return $"param '{param.Key}' is {param.Value.Length} characters long (limit {MlflowLimits.MaxParamValueLength}; the server would cut it)";
            if (!seen.TryAdd(param.Key, param.Value ?? "") && seen[param.Key] != param.Value)
                yield return $"param '{param.Key}' is given twice with different values (params are write-once)";
        }
        foreach (var tag in tags)
        {
            if (KeyProblem("tag", tag.Key) is { } p)
                yield return p;
            if (tag.Value is null)
                yield return $"tag '{tag.Key}' has no value";
            else if (tag.Value.Length > MlflowLimits.MaxTagValueLength)
                yield return $"tag '{tag.Key}' is {tag.Value.Length} characters long (limit {MlflowLimits.MaxTagValueLength})";
        }
    }

    private static string? KeyProblem(string kind, string? key) =>
        string.IsNullOrEmpty(key) ? $"a {kind} has an empty key"
        : key.Length > MlflowLimits.MaxKeyLength ? $"{kind} key '{key[..40]}…' is {key.Length} characters long (limit {MlflowLimits.MaxKeyLength})"
        : null;

    public static MlflowException Invalid(string problems) =>
        new($"Not sent to MLflow: {problems}.", endpoint: null, statusCode: null, MlflowErrorCodes.InvalidParameterValue, problems,
            isTransient: false, attempts: 0);
}
