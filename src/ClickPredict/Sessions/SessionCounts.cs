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

    /// <summary>Nothing counted: what sums start from.</summary>
    public static SessionCounts None { get; } = new(0, 0, 0, 0, 0, 0, 0);

    [JsonIgnore]
    public double ConvertingShare => Sessions == 0 ? 0 : (double)ConvertedSessions / Sessions;

    /// <summary>
    /// These counts less <paramref name="removed"/>'s plus <paramref name="added"/>'s: each is a sum over
    /// sessions, users and split ids over sets that do not overlap (an incremental build's thawed and
    /// rebuilt sessions; <see cref="Users"/> of both counts only users with no kept session).
    /// </summary>
    public SessionCounts Replacing(SessionCounts removed, SessionCounts added) => new(
        Events - removed.Events + added.Events,
        Sessions - removed.Sessions + added.Sessions,
        Users - removed.Users + added.Users,
        SourceIdSessions - removed.SourceIdSessions + added.SourceIdSessions,
        GapSessions - removed.GapSessions + added.GapSessions,
        ConvertedSessions - removed.ConvertedSessions + added.ConvertedSessions,
        SingleEventSessions - removed.SingleEventSessions + added.SingleEventSessions)
    {
        ReconciledSessions = ReconciledSessions - removed.ReconciledSessions + added.ReconciledSessions,
        SplitSessionIds = SplitSessionIds - removed.SplitSessionIds + added.SplitSessionIds,
    };
}
