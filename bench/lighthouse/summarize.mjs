// Summarise the Lighthouse reports written by run.sh: a table of scores and page weights,
// then, for every score under the target, the audits that cost the points.
//
// Usage: node summarize.mjs <out-dir>   (reads <out-dir>/index.tsv and the JSON reports)
// Env:   TARGET_SCORE (default 95), TARGET_BYTES (default 100000, without images)
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'index.tsv'))) {
  console.error('usage: node summarize.mjs <out-dir with index.tsv>');
  process.exit(2);
}
const TARGET_SCORE = Number(process.env.TARGET_SCORE || 95);
const TARGET_BYTES = Number(process.env.TARGET_BYTES || 100000);

// index.tsv: server, page, lang, preset, url, report file, load averages before the run
const rows = readFileSync(join(dir, 'index.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [server, page, lang, preset, url, file, load] = l.split('\t');
    return { server, page, lang, preset, url, file, load };
  });

const score = (lhr, cat) => {
  const s = lhr?.categories?.[cat]?.score;
  return s == null ? null : Math.round(s * 100);
};

// Bytes over the wire per resource type, from the network-requests audit.
function weights(lhr) {
  const items = lhr?.audits?.['network-requests']?.details?.items || [];
  let total = 0, noImages = 0, doc = 0, docRaw = 0, count = 0;
  for (const it of items) {
    if (it.url?.startsWith('data:')) continue;
    const t = it.transferSize || 0;
    total += t;
    count += 1;
    if (it.resourceType !== 'Image') noImages += t;
    if (it.resourceType === 'Document' && doc === 0) {
      doc = t;
      docRaw = it.resourceSize || 0;
    }
  }
  return { total, noImages, doc, docRaw, count };
}

// The audits that cost points in a category: weighted audits scoring under 1 (performance
// metrics under 0.9, Lighthouse's "good"), with their titles and values, and for
// performance the failing diagnostics and insights (no weight, but they say why).
function costs(lhr, cat) {
  const out = [];
  const c = lhr?.categories?.[cat];
  if (!c) return out;
  const total = c.auditRefs.reduce((s, r) => s + (r.weight || 0), 0) || 1;
  for (const ref of c.auditRefs) {
    const a = lhr.audits[ref.id];
    if (!a || a.score == null || a.scoreDisplayMode === 'notApplicable' || a.scoreDisplayMode === 'manual') continue;
    const limit = cat === 'performance' && ref.weight ? 0.9 : 1;
    if (a.score >= limit) continue;
    if (!ref.weight && (a.scoreDisplayMode === 'informative' || a.score >= 0.5)) continue;
    const lost = ref.weight ? Math.round(((1 - a.score) * ref.weight * 100) / total) : 0;
    let detail = a.displayValue ? ` (${a.displayValue})` : '';
    if (cat === 'accessibility') {
      const items = a.details?.items || [];
      const sel = items.map((i) => i.node?.selector || i.node?.snippet).filter(Boolean).slice(0, 4);
      if (sel.length) detail += ` on ${sel.join(', ')}${items.length > sel.length ? ` … (${items.length})` : ''}`;
    }
    out.push({ id: ref.id, title: a.title, score: a.score, weight: ref.weight || 0, lost, detail });
  }
  return out.sort((a, b) => b.lost - a.lost || a.score - b.score);
}

const reports = rows.map((r) => {
  const path = join(dir, r.file);
  let lhr = null;
  if (existsSync(path)) {
    try { lhr = JSON.parse(readFileSync(path, 'utf8')); } catch { lhr = null; }
  }
  return { ...r, lhr };
});

// One line per server, page and language; mobile and desktop side by side.
const key = (r) => `${r.server}\t${r.page}\t${r.lang}`;
const groups = new Map();
for (const r of reports) {
  if (!groups.has(key(r))) groups.set(key(r), {});
  groups.get(key(r))[r.preset] = r;
}

const fmt = (v) => (v == null ? '–' : String(v));
const kb = (b) => (b ? (b / 1000).toFixed(1) : '–');
const mark = (s) => (s == null ? '–' : s < TARGET_SCORE ? `**${s}**` : String(s));
const metric = (lhr, id) => lhr?.audits?.[id]?.displayValue?.replace(/\u00a0/g, ' ') ?? '–';

const ttfb = (lhr) => {
  const v = lhr?.audits?.['server-response-time']?.numericValue;
  return v == null ? '–' : `${Math.round(v)} ms`;
};

console.log(`| server | page | lang | perf mobile | perf desktop | a11y mobile | a11y desktop | transfer kB (all / no images / HTML) | HTML kB uncompressed | LCP mobile | TBT mobile | TTFB mobile | load avg before (mobile; desktop) |`);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [, g] of groups) {
  const m = g.mobile, d = g.desktop;
  const any = m || d;
  const w = weights(m?.lhr || d?.lhr);
  const heavy = w.noImages > TARGET_BYTES ? ' **over**' : '';
  console.log(
    `| ${any.server} | ${any.page} | ${any.lang} | ${mark(score(m?.lhr, 'performance'))} | ${mark(score(d?.lhr, 'performance'))} | ` +
      `${mark(score(m?.lhr, 'accessibility'))} | ${mark(score(d?.lhr, 'accessibility'))} | ` +
      `${kb(w.total)} / ${kb(w.noImages)}${heavy} / ${kb(w.doc)} | ${kb(w.docRaw)} | ` +
      `${metric(m?.lhr, 'largest-contentful-paint')} | ${metric(m?.lhr, 'total-blocking-time')} | ${ttfb(m?.lhr)} | ` +
      `${fmt(m?.load)}; ${fmt(d?.load)} |`,
  );
}

const missing = reports.filter((r) => !r.lhr || r.lhr.runtimeError);
if (missing.length) {
  console.log('\nRuns without a usable report:');
  for (const r of missing) console.log(`- ${r.server} ${r.page} ${r.lang} ${r.preset}: ${r.lhr?.runtimeError?.message || 'no report'} (${r.url})`);
}

// What cost the points, for each report under the target.
let printed = false;
for (const r of reports) {
  if (!r.lhr) continue;
  for (const cat of ['performance', 'accessibility']) {
    const s = score(r.lhr, cat);
    if (s == null || s >= TARGET_SCORE) continue;
    if (!printed) { console.log(`\nScores under ${TARGET_SCORE}: the audits that cost the points`); printed = true; }
    console.log(`\n${r.server} ${r.page} ${r.lang} ${r.preset} — ${cat} ${s} (${r.url})`);
    for (const a of costs(r.lhr, cat)) {
      const w = a.weight ? `weight ${a.weight}, ~${a.lost} points` : 'diagnostic';
      console.log(`  - ${a.id}: ${a.title}${a.detail} [score ${a.score}, ${w}]`);
    }
  }
}
if (!printed) console.log(`\nEvery score measured is ${TARGET_SCORE} or more${missing.length ? " (see the runs without a report above)" : ""}.`);

// Lighthouse's measure of the host's CPU (about 1000+ on a fast idle desktop; lower means
// a slower or busier machine, and simulated mobile timings scale with it).
const bi = reports.map((r) => r.lhr?.environment?.benchmarkIndex).filter((x) => x != null);
if (bi.length) console.log(`\nLighthouse benchmarkIndex of this host during the runs: ${Math.min(...bi)}–${Math.max(...bi)}`);

// Lighthouse's own warnings (e.g. the page was slow to respond, the host was busy).
const warned = reports.filter((r) => r.lhr?.runWarnings?.length);
if (warned.length) {
  console.log('\nLighthouse run warnings:');
  for (const r of warned) for (const w of r.lhr.runWarnings) console.log(`- ${r.server} ${r.page} ${r.lang} ${r.preset}: ${w}`);
}
