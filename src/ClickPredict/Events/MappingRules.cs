namespace ClickPredict.Events;

/// <summary>Checks a mapping once, up front, so a bad mapping fails before any file is read.</summary>
internal static class MappingRules
{
    public static IEnumerable<string> Check(SourceMapping m)
    {
        if (m.Separator.Length != 1)
        {
            yield return $"separator must be one character, not '{m.Separator}'";
        }

        if (m.Quote.Length > 1 || m.Quote == m.Separator)
        {
            yield return $"quote must be one character other than the separator, or empty for none, not '{m.Quote}'";
        }

        if (m.Escape.Length > 1 || (m.Escape.Length == 1 && (m.Escape == m.Separator || m.Quote.Length == 0)))
        {
            yield return $"escape must be one character other than the separator, with a quote, or empty for the quote itself, not '{m.Escape}'";
        }
        else if (m.Escape.Length == 1 && m.NullValues.FirstOrDefault(v => v.Contains(m.Escape, StringComparison.Ordinal)) is { } clash)
        {
            yield return $"escape '{m.Escape}' appears in the null value '{clash}', which the reader does not allow; list \"nullValues\" without it (the default list holds \"\\\\N\")";
        }

        if (m.Comment.Length > 1 || (m.Comment.Length == 1 && (m.Comment == m.Separator || m.Comment == m.Quote)))
        {
            yield return $"comment must be one character other than the separator and quote, or empty for none, not '{m.Comment}'";
        }

        if (m.Skip < 0)
        {
            yield return $"skip must be 0 or more lines, not {m.Skip}";
        }

        if (!SourceMapping.Encodings.Contains(m.Encoding))
        {
            yield return $"encoding must be one of {string.Join(", ", SourceMapping.Encodings)}, not '{m.Encoding}'";
        }

        if (!m.Header && m.Columns is null && (m.FileRules.Count == 0 || m.FileRules.Any(r => r.Columns is null)))
        {
            yield return "a source without a header needs 'columns' (or 'columns' on every file rule)";
        }

        foreach (var (source, target) in m.EventTypes)
        {
            if (!CanonicalEventTypes.IsCanonical(target))
            {
                yield return $"event type '{source}' maps to '{target}', which is not one of {string.Join(", ", CanonicalEventTypes.All)}";
            }
        }

        foreach (var rule in m.FileRules)
        {
            if (rule.EventType is { } fixedType && !CanonicalEventTypes.IsCanonical(fixedType))
            {
                yield return $"file rule '{rule.Glob}' fixes event type '{fixedType}', which is not canonical";
            }
        }

        var layouts = m.FileRules.Count == 0
            ? [m.LayoutFor("")]
            : m.FileRules.Select(r => m.LayoutFor(r.Glob.Replace("*", "x", StringComparison.Ordinal)));
        foreach (var layout in layouts)
        {
            foreach (var problem in CheckLayout(layout))
            {
                yield return problem;
            }
        }

        foreach (var field in m.OptionalFields.Where(f => !FieldMap.Nullable.Contains(f)))
        {
            yield return $"optionalFields may name {string.Join(", ", FieldMap.Nullable)}, not '{field}'";
        }

        if (!IsKnownZone(m.Timestamp.TimeZone))
        {
            yield return $"time zone '{m.Timestamp.TimeZone}' is not a known IANA zone";
        }

        if (m.Timestamp.Format == "date_offset_ms" && m.Fields.TimeOffsetMs is null)
        {
            yield return "timestamp format 'date_offset_ms' needs fields.timeOffsetMs";
        }
    }

    private static IEnumerable<string> CheckLayout(FileLayout layout)
    {
        var f = layout.Fields;
        if (f.EventTime is null)
        {
            yield return "fields.eventTime is required";
        }

        if (f.ItemId is null)
        {
            yield return "fields.itemId is required";
        }

        if (f.EventType is null && layout.FixedEventType is null)
        {
            yield return "fields.eventType is required unless a file rule fixes the event type";
        }

        if (f.UserId is null && f.SessionId is null)
        {
            yield return "fields.userId or fields.sessionId is required (anonymous visitors are keyed by session)";
        }

        if (layout.Columns is { } columns)
        {
            foreach (var used in new[] { f.EventTime, f.UserId, f.SessionId, f.EventType, f.ItemId, f.Category, f.Brand, f.Price, f.TimeOffsetMs })
            {
                if (used is not null && !columns.Contains(used, StringComparer.Ordinal))
                {
                    yield return $"column '{used}' is mapped but not among columns [{string.Join(", ", columns)}]";
                }
            }
        }
    }

    private static bool IsKnownZone(string zone)
    {
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(zone);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
    }
}
