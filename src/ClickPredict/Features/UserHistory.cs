namespace ClickPredict.Features;

/// <summary>
/// A user's history strictly before some instant: one row of <c>user_history</c> (offline, as of a
/// session's start) or of the online snapshot (as of its cutoff). <see cref="None"/> is a user with no
/// earlier event. Times are microseconds since the Unix epoch; meaningful only when <see cref="Known"/>.
/// </summary>
internal readonly record struct UserHistory(
    long Sessions,
    long ConvertedSessions,
    long Purchases,
    double Spend,
    long FirstSeenMicros,
    long LastEventMicros)
{
    public static UserHistory None => default;

    public bool Known => Sessions > 0;
}
