namespace ClickPredict.Features;

/// <summary>Where a feature's information comes from; each group reads only what was known at the cut.</summary>
internal enum FeatureGroup
{
    /// <summary>The session's first k events.</summary>
    Prefix,

    /// <summary>The user's history strictly before the session started.</summary>
    User,

    /// <summary>All users' events on the cut's item and its category strictly before the session started.</summary>
    Item,
}
