/// The report style sheet, inlined in every report.
enum HTMLStyle {
    static let css = """
    :root{--ink:#1f2933;--muted:#616e7c;--rule:#e4e7eb;--accent:#2f5d8a;--bg:#f4f6f8;--card:#ffffff;--neg:#b8474a}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
    .page{max-width:1100px;margin:0 auto;padding:32px 28px 40px}
    .report-header{border-bottom:3px solid var(--accent);padding-bottom:14px;margin-bottom:22px}
    h1{font-size:26px;line-height:1.25;margin:0;font-weight:650;letter-spacing:-0.01em}
    .subtitle{color:var(--muted);margin:4px 0 0;font-size:15px}
    h2{font-size:18px;line-height:1.3;margin:30px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--rule);font-weight:600}
    h3{font-size:12px;margin:0 0 10px;text-transform:uppercase;letter-spacing:0.06em;color:var(--muted);font-weight:600}
    h4{font-size:14px;margin:18px 0 8px;font-weight:600}
    p{margin:0 0 12px;max-width:85ch;white-space:pre-line}
    a{color:var(--accent);text-decoration:none}
    a:hover{text-decoration:underline}
    .card{background:var(--card);border:1px solid var(--rule);border-radius:8px;padding:16px 18px;margin:0 0 16px;box-shadow:0 1px 2px rgba(16,24,40,0.05)}
    .kv-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
    .kv{padding:10px 12px;border:1px solid var(--rule);border-radius:6px;background:#fafbfc;min-width:0}
    .kv-label{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:0.04em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    .kv-value{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums;margin-top:2px;overflow-wrap:anywhere}
    .table-wrap{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
    th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;border-bottom:1.5px solid #cbd2d9;padding:6px 10px;white-space:nowrap;vertical-align:bottom}
    td{padding:5px 10px;border-bottom:1px solid #eef0f3;vertical-align:top}
    tbody tr:nth-child(even){background:#fafbfc}
    tbody tr:hover{background:#f0f4f8}
    .num{text-align:right;white-space:nowrap}
    .neg{color:var(--neg)}
    td.empty{color:#9aa5b1}
    .note{color:var(--muted);font-size:12px;margin:8px 0 0}
    figure{margin:0 0 16px}
    figure.card{padding:10px 12px 12px}
    svg{display:block;width:100%;height:auto;max-width:100%}
    figcaption{color:var(--muted);font-size:12.5px;margin:6px 4px 0}
    .notice{border-left:4px solid;border-radius:6px;padding:10px 14px;margin:0 0 16px;white-space:pre-line}
    .notice.info{background:#edf3fa;border-color:#2f5d8a}
    .notice.warning{background:#fdf6e6;border-color:#d69e2e}
    .notice.error{background:#fbeded;border-color:#b8474a}
    .notice-label{font-weight:600;margin-right:8px}
    ul.links{list-style:none;padding:0;margin:0 0 16px;display:flex;flex-wrap:wrap;gap:8px}
    ul.links li a{display:inline-block;padding:6px 12px;border:1px solid var(--rule);border-radius:6px;background:var(--card)}
    footer{margin-top:36px;color:var(--muted);font-size:12px;border-top:1px solid var(--rule);padding-top:12px}
    @media (max-width:640px){.page{padding:18px 12px}h1{font-size:22px}.kv-value{font-size:17px}}
    @media print{body{background:#fff}.page{max-width:none;padding:0}.card{box-shadow:none;break-inside:avoid}tbody tr:hover{background:none}}

    """
}
