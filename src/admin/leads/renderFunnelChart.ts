/**
 * The funnel chart, drawn on the server as SVG (no script, no chart library): one group of
 * bars per week, one bar per stage, a y axis with a few round ticks and a legend. Colours
 * go from blue (conversations) to green (landed); the table beside it has the numbers.
 */
import { html, joinHtml, type SafeHtml } from '../shared/html.js';
import { FUNNEL_STAGES, type FunnelReport, type FunnelStage } from './funnel.js';

const COLOURS: Record<FunnelStage, string> = {
  conversations: '#9ecae1',
  eligibility_started: '#6baed6',
  eligibility_completed: '#3182bd',
  qualified: '#756bb1',
  delivered: '#fd8d3c',
  acknowledged: '#e6550d',
  landed: '#31a354',
};

/**
 * Draws the chart.
 *
 * @param report - the weeks
 * @param labels - the stage names in the page's language
 * @param title - the accessible title
 */
export function renderFunnelChart(report: FunnelReport, labels: Record<FunnelStage, string>, title: string): SafeHtml {
  const width = 760;
  const height = 300;
  const left = 44;
  const bottom = 40;
  const top = 12;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...report.weeks.flatMap((w) => FUNNEL_STAGES.map((s) => w.counts[s])));
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const groupWidth = (width - left - 8) / Math.max(1, report.weeks.length);
  const barWidth = Math.max(1, (groupWidth - 6) / FUNNEL_STAGES.length);
  const y = (v: number) => top + plotHeight - (v / yMax) * plotHeight;

  const ticks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step);
  const grid = ticks.map(
    (t) => html`<line x1="${left}" x2="${width - 4}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/><text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${t}</text>`,
  );
  const bars = report.weeks.map((week, wi) => {
    const x0 = left + wi * groupWidth + 3;
    const rects = FUNNEL_STAGES.map((stage, si) => {
      const value = week.counts[stage];
      const h = (value / yMax) * plotHeight;
      return html`<rect x="${(x0 + si * barWidth).toFixed(1)}" y="${(top + plotHeight - h).toFixed(1)}" width="${(barWidth - 0.5).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[stage]}"><title>${week.week} ${labels[stage]}: ${value}</title></rect>`;
    });
    return html`<g>${rects}<text x="${(x0 + groupWidth / 2 - 3).toFixed(1)}" y="${height - bottom + 14}" text-anchor="middle" font-size="10">${week.week.slice(5)}</text></g>`;
  });
  const legend = FUNNEL_STAGES.map(
    (stage, i) => html`<g transform="translate(${left + (i % 4) * 180},${height - 14 + Math.floor(i / 4) * 14})"><rect width="10" height="10" y="-9" fill="${COLOURS[stage]}"/><text x="14" font-size="11">${labels[stage]}</text></g>`,
  );
  return html`<svg class="chart" viewBox="0 0 ${width} ${height + 16}" role="img" aria-label="${title}" data-testid="funnel-chart" xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${joinHtml(grid)}${joinHtml(bars)}${joinHtml(legend)}</svg>`;
}

function niceStep(max: number): number {
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, rough)));
  for (const f of [1, 2, 5, 10]) if (f * magnitude >= rough) return Math.max(1, f * magnitude);
  return magnitude * 10;
}
