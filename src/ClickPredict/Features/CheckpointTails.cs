namespace ClickPredict.Features;

/// <summary>
/// The sessions a replay checkpoint cuts: they began before it and reach it, so a build resuming from
/// it reads only their events from then on. Silver's events name a session by user and session
/// number; its key (from <c>sessions</c>) and whether it bought before the checkpoint come from here.
/// </summary>
internal sealed class CheckpointTails
{
    private readonly Dictionary<(string User, int Number), (string Key, bool BoughtBefore)> sessions = [];

    public static CheckpointTails None { get; } = new();

    public void Add(string user, int number, string key, bool boughtBefore) => sessions.Add((user, number), (key, boughtBefore));

    public bool TryGet(string user, int number, out string key, out bool boughtBefore)
    {
        var found = sessions.TryGetValue((user, number), out var session);
        (key, boughtBefore) = session;
        return found;
    }
}
