namespace ClickPredict.Sessions;

/// <summary>What a sessionize run committed, and where its time went.</summary>
internal sealed record SessionizeResult(SessionsManifest Silver, IReadOnlyList<(string Step, TimeSpan Elapsed)> Timings)
{
    public SessionCounts Counts => Silver.Counts;
}

/// <summary>A lake state sessionize cannot work from; the message says what to do.</summary>
internal sealed class SessionizeException(string message) : Exception(message);
