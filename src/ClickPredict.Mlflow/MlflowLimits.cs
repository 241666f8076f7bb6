namespace ClickPredict.Mlflow;

/// <summary>
/// The limits of an MLflow 2.x/3.x tracking server (<c>mlflow/utils/validation.py</c>). The server cuts
/// over-long params and stores malformed metrics as 0 without an error, so the client checks these
/// before sending.
/// </summary>
public static class MlflowLimits
{
    /// <summary>Longest metric, param or tag key, in characters.</summary>
    public const int MaxKeyLength = 250;

    /// <summary>Longest param value, in characters (6000 since MLflow 2.x; 250 before).</summary>
    public const int MaxParamValueLength = 6000;

    /// <summary>Longest run tag value, in characters.</summary>
    public const int MaxTagValueLength = 8000;

    /// <summary>Most metrics in one <c>runs/log-batch</c> call.</summary>
    public const int MaxMetricsPerBatch = 1000;

    /// <summary>Most params in one <c>runs/log-batch</c> call.</summary>
    public const int MaxParamsPerBatch = 100;

    /// <summary>Most tags in one <c>runs/log-batch</c> call.</summary>
    public const int MaxTagsPerBatch = 100;

    /// <summary>Most metrics, params and tags together in one <c>runs/log-batch</c> call.</summary>
    public const int MaxEntitiesPerBatch = 1000;

    /// <summary>Largest <c>runs/log-batch</c> request body, in bytes (MLflow's <c>int(1e6)</c>).</summary>
    public const int MaxBatchRequestBytes = 1_000_000;
}
