namespace ClickPredict.Features;

/// <summary>The online half of a feature: its value for one prefix, computed in C#.</summary>
internal delegate double OnlineExpression(in FeatureInputs inputs);

/// <summary>
/// One feature, both halves. <see cref="Sql"/> is a DuckDB expression evaluated once per example:
/// a <see cref="FeatureGroup.Prefix"/> feature over the per-event columns of <c>prefix_events</c>
/// (alias <c>e</c>, current row = the cut's event, window <c>prefix</c> = events 1..k; it may name an
/// earlier prefix feature, which DuckDB resolves as a column alias); the others over
/// <c>user_history u</c> and <c>cut_history h</c> (the cut item's and category's statistics).
/// </summary>
internal sealed record FeatureDefinition(string Name, FeatureGroup Group, string Sql, OnlineExpression Online);
