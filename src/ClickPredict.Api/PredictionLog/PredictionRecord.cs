namespace ClickPredict.Api.PredictionLog;

/// <summary>One scored session as the prediction log keeps it (see <see cref="PredictionLogFile"/> for the columns).</summary>
internal sealed record PredictionRecord(
    DateTimeOffset LoggedAt,
    string UserId,
    int Events,
    DateTime LastEventTime,
    string ModelName,
    int ModelVersion,
    string ModelAlias,
    string SnapshotBuild,
    double Probability,
    double Threshold,
    bool Purchase,
    double[] Features);
