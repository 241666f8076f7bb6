using System.Net;
using System.Text;

namespace ClickPredict.Training;

/// <summary>
/// A report as headings, paragraphs, tables and images, rendered once to Markdown and once to a
/// self-contained HTML page (images inlined), so the two never say different things.
/// </summary>
internal sealed class ReportDocument(string title)
{
    private readonly List<Block> blocks = [];

    public ReportDocument Heading(string text) => Add(new Block.Heading(text));

    public ReportDocument Paragraph(string text) => Add(new Block.Paragraph(text));

    public ReportDocument Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) => Add(new Block.Table(header, [.. rows]));

    public ReportDocument Image(string file, string caption) => Add(new Block.Image(file, caption));

    public string Markdown()
    {
        var md = new StringBuilder().Append("# ").Append(title).Append("\n\n");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Block.Heading h:
                    md.Append("## ").Append(h.Text).Append("\n\n");
                    break;
                case Block.Paragraph p:
                    md.Append(p.Text).Append("\n\n");
                    break;
                case Block.Table t:
                    md.Append("| ").AppendJoin(" | ", t.Header).Append(" |\n|").AppendJoin("|", t.Header.Select(_ => "---")).Append("|\n");
                    foreach (var row in t.Rows)
                    {
                        md.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
                    }

                    md.Append('\n');
                    break;
                case Block.Image i:
                    md.Append("![").Append(i.Caption).Append("](").Append(i.File).Append(")\n\n");
                    break;
            }
        }

        return md.ToString();
    }

    /// <summary>One HTML file with no outside references: images are read from <paramref name="folder"/> and inlined.</summary>
    public string Html(string folder)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
            .Append("td:first-child,th:first-child{text-align:left}img{max-width:100%}figure{margin:1em 0}")
            .Append("</style></head><body>\n<h1>").Append(E(title)).Append("</h1>\n");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Block.Heading h:
                    html.Append("<h2>").Append(E(h.Text)).Append("</h2>\n");
                    break;
                case Block.Paragraph p:
                    html.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                    break;
                case Block.Table t:
                    html.Append("<table><thead><tr>").AppendJoin("", t.Header.Select(c => $"<th>{E(c)}</th>")).Append("</tr></thead><tbody>\n");
                    foreach (var row in t.Rows)
                    {
                        html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).Append("</tr>\n");
                    }

                    html.Append("</tbody></table>\n");
                    break;
                case Block.Image i:
                    var data = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder, i.File)));
                    html.Append("<figure><img alt=\"").Append(E(i.Caption)).Append("\" src=\"data:image/png;base64,").Append(data)
                        .Append("\"><figcaption>").Append(E(i.Caption)).Append("</figcaption></figure>\n");
                    break;
            }
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private ReportDocument Add(Block block)
    {
        blocks.Add(block);
        return this;
    }

    private abstract record Block
    {
        public sealed record Heading(string Text) : Block;

        public sealed record Paragraph(string Text) : Block;

        public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;

        public sealed record Image(string File, string Caption) : Block;
    }
}
