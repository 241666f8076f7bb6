namespace ClickPredict.Storage;

/// <summary>Where a stage is (sessionize, features, train): the step under way, how many steps are done, and how many there are.</summary>
internal sealed record StageProgress(string Step, int Done, int Total);
