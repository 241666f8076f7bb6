using static ClickPredict.Storage.DuckDb;

namespace ClickPredict.Events;

/// <summary>
/// Builds the staging SQL for one file from its mapping: identifiers quoted, values as parameters.
/// Expressions depend on the column's type so Parquet sources skip the text round trip.
/// </summary>
internal sealed class StageQuery(SourceMapping mapping, FileLayout layout, IReadOnlyDictionary<string, string> columnTypes)
{
    /// <summary>
    /// The table function that reads the file; CSV is read as text so every value can be validated.
    /// <paramref name="encoding"/>: the CSV's, from <see cref="SourceMapping.Encoding"/> or its byte order mark.
    /// </summary>
    public static string Reader(SourceMapping mapping, FileLayout layout, bool isParquet, string encoding)
    {
        if (isParquet)
        {
            return "read_parquet($path)";
        }

        var names = (layout.Columns ?? mapping.Columns) is { } columns ? $", names = [{string.Join(", ", columns.Select(Literal))}]" : "";
        var nulls = $", nullstr = [{string.Join(", ", mapping.NullValues.Select(Literal))}]";
        var quote = $", quote = {Literal(mapping.Quote)}, escape = {Literal(mapping.Escape.Length == 0 ? mapping.Quote : mapping.Escape)}";
        var text = encoding == SourceMapping.Utf8 ? "" : $", encoding = {Literal(encoding)}";
        var top = $", comment = {Literal(mapping.Comment)}, skip = {mapping.Skip.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return $"read_csv($path, delim = {Literal(mapping.Separator)}, header = {(mapping.Header ? "true" : "false")}{quote}{text}{top}, all_varchar = true, store_rejects = true{nulls}{names})";
    }

    public (string Sql, List<(string, object?)> Parameters) Build(string template, string reader, DateTime minTime, DateTime maxTime)
    {
        var f = layout.Fields;
        var parameters = new List<(string, object?)> { ("min_time", minTime), ("max_time", maxTime), ("max_price", PriceRule.Max) };
        var eventTypeRaw = layout.FixedEventType is { } fixedType ? Literal(fixedType) : Text(f.EventType);
        var eventType = layout.FixedEventType is not null ? eventTypeRaw : Vocabulary(f.EventType!, parameters);
        var replacements = new Dictionary<string, string>
        {
            ["reader"] = reader,
            ["event_time_raw"] = Raw(f.EventTime),
            ["event_time_parsed"] = EventTime(parameters),
            ["user_id"] = UserId(),
            ["session_id"] = Text(f.SessionId),
            ["event_type_raw"] = eventTypeRaw,
            ["event_type_parsed"] = eventType,
            ["item_id"] = Text(f.ItemId),
            ["category"] = Text(f.Category),
            ["brand"] = Text(f.Brand),
            ["price_raw"] = Raw(f.Price),
            ["price_parsed"] = Price(),
            ["raw_struct"] = RawStruct(),
            ["event_time_column"] = ColumnName(f.EventTime),
            ["item_id_column"] = ColumnName(f.ItemId),
            ["user_id_column"] = ColumnName(f.UserId ?? f.SessionId),
            ["event_type_column"] = ColumnName(f.EventType),
            ["price_column"] = ColumnName(f.Price),
        };

        var sql = template;
        foreach (var (key, value) in replacements)
        {
            sql = sql.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        return (sql, parameters);
    }

    private string TypeOf(string column) => columnTypes.GetValueOrDefault(column, "VARCHAR");

    private string Text(string? column) => column is null
        ? "NULL::VARCHAR"
        : TypeOf(column) == "VARCHAR" ? Identifier(column) : $"CAST({Identifier(column)} AS VARCHAR)";

    /// <summary>The column as the source typed it: checked for NULL on every row, turned into text only for failing rows.</summary>
    private static string Raw(string? column) => column is null ? "NULL::VARCHAR" : Identifier(column);

    private static string ColumnName(string? column) => column is null ? "NULL::VARCHAR" : Literal(column);

    /// <summary>A visitor never known gets this prefix and the source session id as a user id; sessionize gives such rows the session's known user.</summary>
    public const string AnonymousPrefix = "anon-";

    private string UserId()
    {
        var f = layout.Fields;
        var anonymous = f.SessionId is null ? null : $"({Literal(AnonymousPrefix)} || {Text(f.SessionId)})";
        return (f.UserId, anonymous) switch
        {
            (not null, not null) => $"COALESCE({Text(f.UserId)}, {anonymous})",
            (not null, null) => Text(f.UserId),
            _ => anonymous!,
        };
    }

    private string Price()
    {
        var column = layout.Fields.Price;
        if (column is null)
        {
            return "NULL::DOUBLE";
        }

        return IsNumeric(TypeOf(column)) ? $"CAST({Identifier(column)} AS DOUBLE)" : $"TRY_CAST({Identifier(column)} AS DOUBLE)";
    }

    private string Vocabulary(string column, List<(string, object?)> parameters)
    {
        var cases = mapping.EventTypes.Select((pair, i) =>
        {
            parameters.Add(($"event_type_{i}", pair.Key.ToLowerInvariant()));
            return $"WHEN $event_type_{i} THEN {Literal(pair.Value)}";
        });
        return $"CASE lower({Text(column)}) {string.Join(' ', cases)} END";
    }

    /// <summary>UTC TIMESTAMP from whatever the source writes. Times without an offset are local to the mapping's zone.</summary>
    private string EventTime(List<(string, object?)> parameters)
    {
        var spec = mapping.Timestamp;
        var column = layout.Fields.EventTime!;
        var id = Identifier(column);
        var type = TypeOf(column);
        string FromLocal(string naive)
        {
            if (spec.TimeZone == "UTC")
            {
                return naive;
            }

            parameters.Add(("tz", spec.TimeZone));
            return Utc($"timezone($tz, {naive})");
        }

        if (type.StartsWith("TIMESTAMP WITH TIME ZONE", StringComparison.Ordinal))
        {
            return Utc(id);
        }

        if (type.StartsWith("TIMESTAMP", StringComparison.Ordinal) || type == "DATE")
        {
            return FromLocal($"CAST({id} AS TIMESTAMP)");
        }

        return spec.Format switch
        {
            "iso8601" => Iso8601(Text(column), spec.TimeZone),
            "epoch_s" => $"try(make_timestamp(TRY_CAST({Number(column)} * 1000000 AS BIGINT)))",
            "epoch_ms" => $"try(make_timestamp(TRY_CAST({Number(column)} * 1000 AS BIGINT)))",
            "date_offset_ms" => FromLocal(
                $"(TRY_CAST({Text(column)} AS DATE)::TIMESTAMP + try(to_milliseconds(TRY_CAST({Text(layout.Fields.TimeOffsetMs)} AS BIGINT))))"),
            var pattern when pattern.Contains("%z", StringComparison.Ordinal) || pattern.Contains("%Z", StringComparison.Ordinal) =>
                Utc($"TRY_STRPTIME({Text(column)}, {Literal(pattern)})"),
            var pattern => FromLocal($"TRY_STRPTIME({Text(column)}, {Literal(pattern)})"),
        };
    }

    /// <summary>
    /// ISO text, with or without an offset. In a UTC source, text without a numeric offset or zone name
    /// takes the plain TIMESTAMP cast (2× faster); it must not see an offset, which it would drop.
    /// </summary>
    private static string Iso8601(string text, string timeZone)
    {
        var zoned = Utc($"TRY_CAST({text} AS TIMESTAMPTZ)");
        return timeZone != "UTC"
            ? zoned
            : $"CASE WHEN contains(substr({text}, 11), '+') OR contains(substr({text}, 11), '-') OR contains({text}, '/') THEN {zoned} ELSE TRY_CAST({text} AS TIMESTAMP) END";
    }

    /// <summary>UTC wall time of a TIMESTAMPTZ; epoch arithmetic is several times cheaper than <c>timezone('UTC', …)</c>.</summary>
    private static string Utc(string instant) => $"make_timestamp(epoch_us({instant}))";

    private string Number(string column) =>
        IsNumeric(TypeOf(column)) ? $"CAST({Identifier(column)} AS DOUBLE)" : $"TRY_CAST({Identifier(column)} AS DOUBLE)";

    private string RawStruct() =>
        $"{{{string.Join(", ", columnTypes.Keys.Select(c => $"{Literal(c)}: {Identifier(c)}"))}}}";

    private static bool IsNumeric(string type) =>
        type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER"
            or "UBIGINT" or "FLOAT" or "DOUBLE" || type.StartsWith("DECIMAL", StringComparison.Ordinal);
}
