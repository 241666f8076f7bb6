using ClickPredict.Features;

namespace ClickPredict.Sessions;

/// <summary>What a sessionize run committed, and where its time went.</summary>
internal sealed record SessionizeResult(SessionsManifest Silver, IReadOnlyList<(string Step, TimeSpan Elapsed)> Timings, SessionizeScope Scope)
{
    public SessionCounts Counts => Silver.Counts;

    /// <summary>Silver's events when a full build was asked to hand them over (<see cref="SessionizeOptions.HandOverEvents"/>); null otherwise.</summary>
    public SilverEvents? Events { get; init; }
}

/// <summary>A lake state sessionize cannot work from; the message says what to do.</summary>
internal sealed class SessionizeException(string message) : Exception(message);

/// <summary>
/// How much a run rebuilt: everything (with the reason), or the sessions the bronze dates from
/// <see cref="ChangedFrom"/> on could touch, keeping the rest of the previous build.
/// </summary>
internal sealed record SessionizeScope(string? FullReason, DateTime? ChangedFrom = null, long KeptSessions = 0, long RebuiltSessions = 0)
{
    /// <summary>Silver was built from this very bronze with the same gap: nothing was rebuilt or committed.</summary>
    public static SessionizeScope UpToDate { get; } = new("silver is up to date") { Nothing = true };

    public bool Incremental => FullReason is null;

    public bool Nothing { get; private init; }
}
