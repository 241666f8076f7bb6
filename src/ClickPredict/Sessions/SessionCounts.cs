using System.Text.Json.Serialization;

namespace ClickPredict.Sessions;

/// <summary>Totals over silver, recorded with it so later stages and reports need not re-count.</summary>
internal sealed record SessionCounts(
    long Events,
    long Sessions,
    long Users,
    long SourceIdSessions,
    long GapSessions,
    long ConvertedSessions,
    long SingleEventSessions)
{
    /// <summary>Source sessions whose anonymous rows joined the session's one known user.</summary>
    public long ReconciledSessions { get; init; }

    /// <summary>Source session ids that carried two or more known users, so were split by user.</summary>
    public long SplitSessionIds { get; init; }

    [JsonIgnore]
    public double ConvertingShare => Sessions == 0 ? 0 : (double)ConvertedSessions / Sessions;
}
