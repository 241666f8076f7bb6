namespace ClickPredict.Features;

/// <summary>What a features run committed, and where its time went.</summary>
internal sealed record FeaturesResult(FeaturesManifest Gold, IReadOnlyList<(string Step, TimeSpan Elapsed)> Timings);

internal sealed record FeaturesProgress(string Step, int Index, int Count);

/// <summary>A lake state the features stage cannot work from; the message says what to do.</summary>
internal sealed class FeaturesException(string message) : Exception(message);
