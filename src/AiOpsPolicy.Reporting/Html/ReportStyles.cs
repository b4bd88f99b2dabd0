// Copyright (c) AiOpsPolicy contributors. Licensed under the MIT License.

namespace AiOpsPolicy.Reporting.Html;

/// <summary>The report's inline style sheet: system fonts only, restrained colour, and a print layout.</summary>
internal static class ReportStyles
{
    /// <summary>The CSS.</summary>
    public const string Css = """
:root {
  --ink: #1c2430; --muted: #5b6675; --line: #e3e7ed; --bg: #f5f6f8; --card: #ffffff;
  --pass: #2f7d52; --warn: #946200; --fail: #c2362f; --error: #7b3fa0; --insufficient: #5f6b7a; --waived: #2f6aa8;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.5 var(--font); }
.page { max-width: 1120px; margin: 0 auto; padding: 28px 24px 40px; }
h2 { font-size: 17px; margin: 0 0 4px; letter-spacing: -0.01em; }
code { font-family: var(--mono); font-size: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin: 0 0 18px; }
.lede { color: var(--muted); margin: 0 0 14px; max-width: 80ch; }
.empty, .muted { color: var(--muted); }
.decision { display: grid; grid-template-columns: minmax(260px, 1fr) 2fr; gap: 24px; background: var(--card); border: 1px solid var(--line);
  border-left: 10px solid var(--pass); border-radius: 10px; padding: 22px 26px; margin: 0 0 14px; }
.decision.blocked { border-left-color: var(--fail); }
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px; color: var(--muted); font-weight: 600; }
.verdict { margin: 2px 0 6px; font-size: 44px; line-height: 1.05; font-weight: 750; letter-spacing: -0.02em; color: var(--pass); }
.blocked .verdict { color: var(--fail); }
.verdict-mark { font-size: 34px; vertical-align: 4px; }
.verdict-why { margin: 0; color: var(--ink); max-width: 36ch; }
.meta { margin: 0; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px 24px; align-content: start; }
.meta dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; }
.meta dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.digest { font-weight: 400; color: var(--muted); word-break: break-all; }
.toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 18px; padding: 0 4px; }
.toc a { color: var(--muted); text-decoration: none; font-size: 13px; }
.toc a:hover, .toc a:focus { color: var(--ink); text-decoration: underline; }
.tiles { list-style: none; margin: 12px 0 0; padding: 0; display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 12px; }
.tile { border: 1px solid var(--line); border-top: 4px solid currentColor; border-radius: 8px; padding: 10px 14px; display: flex; flex-direction: column; }
.tile-count { font-size: 30px; font-weight: 700; line-height: 1.1; color: var(--ink); }
.tile-label { font-size: 12px; color: var(--muted); }
.tile.zero { border-top-color: var(--line); }
.tile.zero .tile-count { color: var(--muted); }
.s-pass { color: var(--pass); } .s-warn { color: var(--warn); } .s-fail { color: var(--fail); }
.s-error { color: var(--error); } .s-insufficient-evidence { color: var(--insufficient); } .s-waived { color: var(--waived); }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 11px; font-weight: 700; letter-spacing: 0.04em; color: #fff; white-space: nowrap; }
.badge.s-pass { background: var(--pass); } .badge.s-warn { background: var(--warn); } .badge.s-fail { background: var(--fail); }
.badge.s-error { background: var(--error); } .badge.s-insufficient-evidence { background: var(--insufficient); } .badge.s-waived { background: var(--waived); }
.attention { list-style: none; margin: 10px 0 0; padding: 0; display: grid; gap: 10px; }
.attn { border: 1px solid var(--line); border-left: 5px solid currentColor; border-radius: 8px; padding: 10px 14px; }
.attn p { margin: 4px 0 0; color: var(--ink); }
.attn-head { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; color: var(--ink); }
.gate-name { font-weight: 650; color: var(--ink); }
.sev { color: var(--muted); font-size: 12px; }
.desc { color: var(--muted) !important; }
.nums { font-size: 13px; }
.waiver-note { font-size: 13px; }
.flag { background: #fff4d6; color: #7a5200; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 600; }
.coverage-layout { display: grid; grid-template-columns: 180px 1fr; gap: 20px; align-items: start; }
.stat { display: flex; flex-direction: column; padding: 6px 0; }
.stat-value { font-size: 40px; font-weight: 750; line-height: 1.05; letter-spacing: -0.02em; }
.stat-label { font-weight: 600; }
.stat-detail { color: var(--muted); font-size: 12px; }
.chart-figure { margin: 0; overflow-x: auto; }
svg.chart { display: block; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding: 4px 0 8px; caption-side: top; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
thead th { background: #f1f3f6; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; border-bottom: 1px solid #d5dae1; }
tbody th { font-weight: 400; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.sub, .loc { display: block; color: var(--muted); font-size: 12px; }
.loc { font-family: var(--mono); font-size: 11px; }
.sub-inline { color: var(--muted); font-size: 12px; }
ul.metrics, ul.clauses { list-style: none; margin: 6px 0 0; padding: 0; font-size: 12px; }
ul.metrics li, ul.clauses li { margin: 2px 0; }
.clause-true { color: var(--pass); font-weight: 600; } .clause-false { color: var(--fail); font-weight: 600; } .clause-unknown { color: var(--insufficient); font-weight: 600; }
td.files code { display: block; color: var(--muted); font-size: 11px; }
td.right { text-align: right; }
tr.row-fail th { box-shadow: inset 4px 0 0 var(--fail); } tr.row-error th { box-shadow: inset 4px 0 0 var(--error); }
tr.row-insufficient-evidence th { box-shadow: inset 4px 0 0 var(--insufficient); } tr.row-warn th { box-shadow: inset 4px 0 0 var(--warn); }
tr.row-waived th { box-shadow: inset 4px 0 0 var(--waived); }
#gates-table th:nth-child(1) { width: 22%; } #gates-table th:nth-child(6) { width: 36%; } #gates-table th:nth-child(7) { width: 14%; }
.yes { color: var(--pass); font-weight: 600; } .no { color: var(--fail); font-weight: 600; }
.wstate { font-weight: 600; }
tr.w-expiring { background: #fff8e6 !important; }
.wstate-expiring { color: #7a5200; } .wstate-expired { color: var(--fail); } .wstate-active { color: var(--pass); }
tr.w-expired td, tr.w-expired th { color: var(--muted); }
ul.diagnostics, ul.findings { margin: 8px 0 0; padding-left: 18px; }
.footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
@media (max-width: 760px) {
  .page { padding: 16px 10px 28px; }
  .card { padding: 14px 12px; }
  .decision { padding: 16px 14px; }
  .verdict { font-size: 34px; }
  /* minmax(0, 1fr): a wide table in the column scrolls in its own wrapper instead of widening the page. */
  .decision, .coverage-layout { grid-template-columns: minmax(0, 1fr); }
  .decision > *, .coverage-layout > * { min-width: 0; }
  .meta { grid-template-columns: minmax(0, 1fr); }
  .tiles { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  /* A chart keeps a size its 12px labels can be read at and scrolls sideways in its figure. */
  .chart-figure svg.chart { min-width: 720px; }
}
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 11px; }
  .page { max-width: none; padding: 0; }
  .toc { display: none; }
  /* Cards flow across pages (a card kept whole left pages holding a lone heading); headings stay with what follows. */
  .card, .decision { border-color: #c9ced6; break-inside: auto; }
  .decision { break-inside: avoid; }
  .card { padding: 12px 14px; }
  h2, caption { break-after: avoid; }
  .chart-figure svg.chart { max-height: 250mm; }
  thead { display: table-header-group; }
  tr, .attn { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .table-wrap { overflow: visible; }
  /* A chart prints at the page width and in the flow, never over the table after it; a chart taller
     than what is left of a page continues on the next rather than leaving the rest of the page blank. */
  .chart-figure { overflow: hidden; display: block; }
  .chart-figure svg.chart { width: auto; max-width: 100%; height: auto; min-width: 0; }
}

""";
}
