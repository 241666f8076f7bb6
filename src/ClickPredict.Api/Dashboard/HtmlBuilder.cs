using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace ClickPredict.Api.Dashboard;

/// <summary>Writes HTML where every piece of text goes through <see cref="HtmlEncoder"/>; only the tags are literal.</summary>
internal sealed class HtmlBuilder
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder html = new(32 * 1024);

    public HtmlBuilder Raw(string trustedMarkup)
    {
        html.Append(trustedMarkup);
        return this;
    }

    public HtmlBuilder Text(string? text)
    {
        html.Append(Encoder.Encode(text ?? ""));
        return this;
    }

    public HtmlBuilder Element(string tag, string? text, string? cssClass = null)
    {
        html.Append('<').Append(tag);
        if (cssClass is not null)
        {
            html.Append(" class=\"").Append(Encoder.Encode(cssClass)).Append('"');
        }

        return Raw(">").Text(text).Raw($"</{tag}>");
    }

    public HtmlBuilder Open(string tag, string? id = null, string? cssClass = null)
    {
        html.Append('<').Append(tag);
        if (id is not null)
        {
            html.Append(" id=\"").Append(Encoder.Encode(id)).Append('"');
        }

        if (cssClass is not null)
        {
            html.Append(" class=\"").Append(Encoder.Encode(cssClass)).Append('"');
        }

        html.Append('>');
        return this;
    }

    public HtmlBuilder Close(string tag) => Raw($"</{tag}>");

    public HtmlBuilder Image(string source, string alt) =>
        Raw("<img src=\"").Text(source).Raw("\" alt=\"").Text(alt).Raw("\" loading=\"lazy\">");

    /// <summary>A table: a header row, then body rows, every cell encoded.</summary>
    public HtmlBuilder Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? id = null)
    {
        Open("table", id).Raw("<thead><tr>");
        foreach (var cell in header)
        {
            Element("th", cell);
        }

        Raw("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            Raw("<tr>");
            foreach (var cell in row)
            {
                Element("td", cell);
            }

            Raw("</tr>");
        }

        return Raw("</tbody></table>");
    }

    public override string ToString() => html.ToString();

    public static string F(double value, int digits = 3) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string P(double value) => value.ToString("P1", CultureInfo.InvariantCulture);

    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
