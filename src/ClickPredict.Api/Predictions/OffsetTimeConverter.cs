using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClickPredict.Api.Predictions;

/// <summary>
/// Reads an event time only as the schema promises it: an ISO 8601 date and time with an explicit
/// offset. System.Text.Json alone takes "2024-01-05T10:00:00" as the server's local time and
/// "2024-01-05" as midnight, which would score a session at a time the shop never meant.
/// </summary>
internal sealed class OffsetTimeConverter : JsonConverter<DateTimeOffset>
{
    private const string Rule = "The value must be an ISO 8601 date and time with an offset, such as 2024-01-05T10:00:00Z or 2024-01-05T11:00:00+01:00.";

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > 40)
        {
            throw new JsonException(Rule);
        }

        var text = reader.GetString()!;
        var last = text.Length > 0 ? text[^1] : ' ';
        var hasOffset = last is 'Z' or 'z' || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new JsonException(Rule);
        }

        return time;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("O", CultureInfo.InvariantCulture));
}
