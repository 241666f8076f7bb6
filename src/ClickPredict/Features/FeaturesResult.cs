namespace ClickPredict.Features;

/// <summary>What a features run committed, and where its time went.</summary>
/// <param name="Gold">The committed manifest.</param>
/// <param name="Timings">Wall time per step.</param>
/// <param name="Scope">What was rebuilt and why (every date, or only the dates from the first that could have changed).</param>
internal sealed record FeaturesResult(FeaturesManifest Gold, IReadOnlyList<(string Step, TimeSpan Elapsed)> Timings, string Scope = "")
{
    /// <summary>Gold was already built from this silver with these options: nothing was read or written.</summary>
    public bool UpToDate { get; init; }
}

/// <summary>A lake state the features stage cannot work from; the message says what to do.</summary>
internal sealed class FeaturesException(string message) : Exception(message);
