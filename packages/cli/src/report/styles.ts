/** The report's inline stylesheet (no fonts or files are fetched). */
export const REPORT_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#0f172a;background:#f1f5f9}
header{background:#0f172a;color:#f8fafc;padding:24px 32px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#cbd5e1}
main{padding:24px 32px;max-width:1400px;margin:0 auto}
.runs{display:grid;gap:16px;grid-template-columns:repeat(var(--cols),minmax(0,1fr))}
.kpis{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:8px;margin:8px 0 0}
.kpi{background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 2px #0f172a14}
.kpi b{display:block;font-size:20px}
.kpi span{color:#475569;font-size:12px}
h2{font-size:16px;margin:28px 0 8px}
h3{font-size:13px;margin:0 0 6px;color:#334155;font-weight:600}
.no-charts{margin-top:24px;color:#475569}
.blocks{display:grid;gap:16px;margin-top:24px;grid-template-columns:repeat(auto-fill,minmax(560px,1fr))}
section.chart-card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px #0f172a1f}
.chart{display:block;height:auto;max-width:720px;margin:0 auto}
table.diff{border-collapse:collapse;background:#fff;border-radius:10px;box-shadow:0 1px 3px #0f172a1f;font-size:13px;min-width:60%}
table.diff th,table.diff td{padding:6px 12px;border-bottom:1px solid #e2e8f0;text-align:right}
table.diff th[scope=row],table.diff thead th:first-child{text-align:left;font-weight:500}
table.diff td.up{color:#b45309}
table.diff td.down{color:#047857}
table.winners{width:100%}
table.winners td,table.winners th{text-align:left;white-space:nowrap}
table.winners td:last-child{white-space:normal}
.chart .grid{stroke:#e2e8f0}
.chart .axis{stroke:#94a3b8}
.chart .tick,.chart .label,.chart .value,.chart .empty{font-size:11px;fill:#475569}
.chart .label{fill:#0f172a}
.chart .empty{font-size:13px;fill:#94a3b8}
.chart .limit{stroke:#dc2626;stroke-dasharray:6 4;stroke-width:1.5}
.chart .limit-label{font-size:11px;fill:#dc2626}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:12px;margin:6px 0 0;padding:0;font-size:12px;color:#334155}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
footer{color:#64748b;font-size:12px;padding:8px 32px 32px;text-align:center}
`;
