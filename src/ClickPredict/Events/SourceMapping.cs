using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClickPredict.Events;

/// <summary>
/// Declarative description of one event source: where its files are, how to read them and how their
/// columns and vocabulary map onto the canonical event. Built-in presets are mappings shipped as
/// embedded JSON; a user's mapping file is read the same way.
/// </summary>
internal sealed record SourceMapping
{
    public required string Name { get; init; }

    /// <summary>Csv, Parquet, or Auto (by file extension).</summary>
    public SourceFormat Format { get; init; } = SourceFormat.Auto;

    /// <summary>Glob used when the input is a directory, e.g. <c>*.csv</c>.</summary>
    public string Files { get; init; } = "*";

    public string Separator { get; init; } = ",";

    public bool Header { get; init; } = true;

    /// <summary>
    /// The character that quotes a CSV value (a doubled one inside stands for itself), or "" for none.
    /// Given to the reader rather than sniffed: DuckDB samples the top of a file, and one with no quotes
    /// there was read as unquoted, splitting a quoted line break further down into two malformed rows.
    /// </summary>
    public string Quote { get; init; } = "\"";

    /// <summary>
    /// The character that makes the next one part of a quoted value, or "" (the default) for the quote
    /// itself, written twice (<c>""</c>). A backslash (<c>\\</c>) for exports that write <c>\"</c> (MySQL's
    /// <c>SELECT … INTO OUTFILE</c>, many PHP and Java writers): read with the default, such a row is malformed.
    /// The reader refuses an escape that appears in a null value, so such a mapping lists its nullValues (the default's <c>\N</c> holds a backslash).
    /// </summary>
    public string Escape { get; init; } = "";

    /// <summary>
    /// A CSV's text encoding: utf-8 (the default), utf-16 or latin-1, the ones DuckDB reads. A file with
    /// a UTF-16 byte order mark is read as UTF-16 whatever this says (Excel's "Unicode text" export).
    /// </summary>
    public string Encoding { get; init; } = Utf8;

    public const string Utf8 = "utf-8";

    public const string Latin1 = "latin-1";

    public static readonly IReadOnlyList<string> Encodings = [Utf8, "utf-16", Latin1];

    /// <summary>
    /// The character that starts a comment line, or "" (the default) for none. Given to the reader rather
    /// than sniffed: DuckDB took '#' for a comment when a file's top had such a line, and then dropped a
    /// data row starting with '#' without counting it.
    /// </summary>
    public string Comment { get; init; } = "";

    /// <summary>Lines before the header (a report's title, an export's notes) that are not events; 0 by default.</summary>
    public int Skip { get; init; }

    /// <summary>Column names in file order; required when there is no header.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Canonical field → source column.</summary>
    public required FieldMap Fields { get; init; }

    public TimestampSpec Timestamp { get; init; } = new();

    /// <summary>Source event type → canonical type name (view, cart, remove_from_cart, purchase).</summary>
    public IReadOnlyDictionary<string, string> EventTypes { get; init; } = CanonicalEventTypes.Identity;

    /// <summary>
    /// Canonical fields whose column a file may lack (any of sessionId, category, brand, price: the
    /// nullable ones); such a field is then NULL for that file. Any other named column a file lacks fails the ingest.
    /// </summary>
    public IReadOnlyList<string> OptionalFields { get; init; } = [];

    /// <summary>Sources that ship one event type per file (clicks and buys apart) say so here.</summary>
    public IReadOnlyList<FileRule> FileRules { get; init; } = [];

    /// <summary>
    /// Text that means "no value" in a CSV source, in any column: exports write NA or \N for an anonymous
    /// user, and without this NA would become one user who owns every anonymous session.
    /// </summary>
    public IReadOnlyList<string> NullValues { get; init; } = DefaultNullValues;

    public static readonly IReadOnlyList<string> DefaultNullValues = ["", "NA", "N/A", "null", "NULL", "None", "\\N"];

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Rules that apply to <paramref name="fileName"/>: the first matching file rule, else the mapping itself.</summary>
    public FileLayout LayoutFor(string fileName)
    {
        var rule = FileRules.FirstOrDefault(r => Glob.IsMatch(fileName, r.Glob));
        return new FileLayout(
            rule?.Columns ?? Columns,
            rule?.Fields is { } overrides ? Fields.With(overrides) : Fields,
            rule?.EventType);
    }
}

internal enum SourceFormat
{
    Auto,
    Csv,
    Parquet,
}

/// <summary>Where each canonical field comes from; null means the source does not have it.</summary>
internal sealed record FieldMap
{
    public string? EventTime { get; init; }
    public string? UserId { get; init; }
    public string? SessionId { get; init; }
    public string? EventType { get; init; }
    public string? ItemId { get; init; }
    public string? Category { get; init; }
    public string? Brand { get; init; }
    public string? Price { get; init; }

    /// <summary>Second column holding a millisecond offset added to <see cref="EventTime"/> (date + offset sources).</summary>
    public string? TimeOffsetMs { get; init; }

    /// <summary>The canonical fields a file may lack; see <see cref="SourceMapping.OptionalFields"/>.</summary>
    public static readonly IReadOnlyList<string> Nullable = ["sessionId", "category", "brand", "price"];

    /// <summary>This map without the <paramref name="optional"/> nullable fields whose column the file does not have.</summary>
    public FieldMap WithoutAbsent(IReadOnlyCollection<string> optional, Func<string, bool> hasColumn)
    {
        bool Drop(string field, string? column) => column is not null && optional.Contains(field) && !hasColumn(column);
        return this with
        {
            SessionId = Drop("sessionId", SessionId) ? null : SessionId,
            Category = Drop("category", Category) ? null : Category,
            Brand = Drop("brand", Brand) ? null : Brand,
            Price = Drop("price", Price) ? null : Price,
        };
    }

    public FieldMap With(FieldMap overrides) => new()
    {
        EventTime = overrides.EventTime ?? EventTime,
        UserId = overrides.UserId ?? UserId,
        SessionId = overrides.SessionId ?? SessionId,
        EventType = overrides.EventType ?? EventType,
        ItemId = overrides.ItemId ?? ItemId,
        Category = overrides.Category ?? Category,
        Brand = overrides.Brand ?? Brand,
        Price = overrides.Price ?? Price,
        TimeOffsetMs = overrides.TimeOffsetMs ?? TimeOffsetMs,
    };
}

/// <summary>Overrides for the files whose name matches <see cref="Glob"/>.</summary>
internal sealed record FileRule
{
    public required string Glob { get; init; }

    /// <summary>Canonical event type every row of such a file has.</summary>
    public string? EventType { get; init; }

    public IReadOnlyList<string>? Columns { get; init; }

    public FieldMap? Fields { get; init; }
}

/// <summary>The effective layout of one file after file rules are applied.</summary>
internal sealed record FileLayout(IReadOnlyList<string>? Columns, FieldMap Fields, string? FixedEventType);
