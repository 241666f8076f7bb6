namespace ClickPredict.Api.Dashboard;

/// <summary>The page's only stylesheet, inline so the page needs nothing but itself.</summary>
internal static class DashboardStyle
{
    public const string Css = """
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f4f6f9; }
        header { background: #1d2330; color: #fff; padding: 12px 24px; }
        header h1 { margin: 0; font-size: 20px; }
        header .muted { color: #b9c0cc; }
        main { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; padding: 16px 24px; }
        section { background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); overflow-x: auto; }
        h2 { font-size: 16px; margin: 0 0 8px; }
        table { border-collapse: collapse; margin: 4px 0 10px; }
        th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #e3e6eb; vertical-align: top; }
        th { font-weight: 600; }
        .muted { color: #667085; }
        .placeholder { color: #667085; font-style: italic; }
        .warning { color: #9a3412; }
        .plots { display: flex; flex-wrap: wrap; gap: 8px; }
        figure { margin: 0; flex: 1 1 260px; }
        figure img { width: 100%; height: auto; border: 1px solid #e3e6eb; }
        figcaption { color: #667085; font-size: 12px; }
        .chart svg { width: 100%; height: auto; }
        code { background: #eef1f5; padding: 1px 4px; border-radius: 3px; }
        </style>
        """;
}
