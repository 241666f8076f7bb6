using System.Globalization;

namespace ClickPredict.Sessions;

/// <summary>
/// A session's key: <c>user/</c> and its source session id, or <c>g</c> and its start in epoch
/// microseconds for a gap session (stable when later events are added). Sessionize writes it to
/// <c>sessions</c>; the features' reader of <c>session_events</c> builds it from an event's user, source
/// id and its session's first event, so the key is not repeated on every event.
/// </summary>
internal static class SessionKey
{
    /// <summary>The most characters <see cref="WriteSuffix"/> writes for a gap session.</summary>
    public const int GapSuffixLength = 21;

    /// <summary>The most characters <see cref="Write"/> writes for a session of <paramref name="user"/> with <paramref name="sourceId"/>.</summary>
    public static int MaxLength(string user, string? sourceId) => user.Length + 1 + Math.Max(sourceId?.Length ?? 0, GapSuffixLength);

    /// <summary>Writes the whole key, <c>user/</c> and its suffix, into <paramref name="target"/> (<see cref="MaxLength"/> long); returns its length.</summary>
    public static int Write(Span<char> target, string user, string? sourceId, long startMicros)
    {
        user.CopyTo(target);
        target[user.Length] = '/';
        return user.Length + 1 + WriteSuffix(target[(user.Length + 1)..], sourceId, startMicros);
    }

    /// <summary>Writes what follows <c>user/</c>; returns its length.</summary>
    public static int WriteSuffix(Span<char> target, string? sourceId, long startMicros)
    {
        if (sourceId is not null)
        {
            sourceId.CopyTo(target);
            return sourceId.Length;
        }

        target[0] = 'g';
        startMicros.TryFormat(target[1..], out var written, provider: CultureInfo.InvariantCulture);
        return written + 1;
    }
}
