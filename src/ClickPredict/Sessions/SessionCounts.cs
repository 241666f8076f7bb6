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
    [JsonIgnore]
    public double ConvertingShare => Sessions == 0 ? 0 : (double)ConvertedSessions / Sessions;
}
