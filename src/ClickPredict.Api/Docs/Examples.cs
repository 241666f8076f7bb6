namespace ClickPredict.Api.Docs;

/// <summary>
/// Request bodies that work against any served model: a past session (times are only checked for
/// being in the future), item and category ids in the generator's spelling.
/// </summary>
internal static class Examples
{
    public const string Session = """
        {
          "userId": "u000042",
          "events": [
            { "time": "2024-01-13T10:00:00Z", "type": "view", "itemId": "i0000017", "category": "c003", "brand": "b012", "price": 24.9 },
            { "time": "2024-01-13T10:01:10Z", "type": "view", "itemId": "i0000123", "category": "c003", "brand": "b012", "price": 19.5 },
            { "time": "2024-01-13T10:02:40Z", "type": "cart", "itemId": "i0000123", "category": "c003", "brand": "b012", "price": 19.5 }
          ]
        }
        """;

    public static IReadOnlyDictionary<string, string> Bodies { get; } = new Dictionary<string, string>
    {
        ["Predict"] = Session,
        ["PredictBatch"] = $$"""
            { "sessions": [ {{Session}}, { "userId": "u000007", "events": [ { "time": "2024-01-13T11:00:00Z", "type": "view", "itemId": "i0000001" } ] } ] }
            """,
        ["PromoteModel"] = """{ "alias": "champion", "reason": "challenger beat the champion on last week's traffic" }""",
    };
}
