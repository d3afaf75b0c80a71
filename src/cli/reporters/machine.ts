// Reports for machines: JSON, JUnit XML (one testcase per test × row × model), GitHub workflow annotations.
import type { CaseResult, GroupResult, RunPlan, RunSummary } from '../../core/runner/types';
import { displayPath } from '../files';
import { groupRow, groupStatus, oneLine } from './format';

/** The whole run as JSON: totals, one entry per test group, one per case. */
export function jsonReport(summary: RunSummary, plan: RunPlan, cwd: string): string {
  const report = {
    summary: {
      passed: summary.passed,
      failed: summary.failed,
      errors: summary.errors,
      cancelled: summary.cancelled,
      cases: summary.results.length,
      cached: summary.cached,
      durationMs: summary.durationMs,
      costUsd: summary.costUsd ?? null,
    },
    problems: plan.problems.map((p) => ({ file: displayPath(cwd, p.filePath), line: p.range.start.line + 1, test: p.testName, message: p.message })),
    tests: summary.groups.map((g) => ({
      file: displayPath(cwd, g.filePath),
      test: g.testName,
      model: g.model ?? null,
      status: groupStatus(g),
      passes: g.passes,
      total: g.total,
      threshold: g.threshold,
    })),
    cases: summary.results.map((r) => {
      const c = plan.cases[r.index];
      return {
        id: c.id,
        file: displayPath(cwd, c.filePath),
        line: c.range.start.line + 1,
        test: c.testName,
        model: c.model ?? null,
        row: c.row ?? null,
        repeat: c.repeatIndex,
        vars: c.vars,
        status: r.status,
        pass: r.pass,
        score: r.score,
        output: r.output ?? null,
        assertions: r.assertions.map((a) => ({ type: a.type, pass: a.pass, score: a.score, reason: a.reason, line: a.range.start.line + 1 })),
        latencyMs: r.latencyMs ?? null,
        usage: r.usage ?? null,
        costUsd: r.costUsd ?? null,
        cached: r.cached,
        error: r.error ?? null,
      };
    }),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** JUnit XML as CI systems read it: a testsuite per file, a testcase per test × row × model. */
export function junitReport(summary: RunSummary, plan: RunPlan, cwd: string): string {
  const byFile = new Map<string, GroupResult[]>();
  for (const g of summary.groups) byFile.set(g.filePath, [...(byFile.get(g.filePath) ?? []), g]);
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const [file, groups] of byFile) {
    const cases: string[] = [];
    let f = 0;
    let e = 0;
    let s = 0;
    let time = 0;
    for (const g of groups) {
      const rs = g.caseIndexes.map((i) => summary.results[i]);
      const ms = rs.reduce((a, r) => a + (r.cached ? 0 : (r.latencyMs ?? 0)), 0);
      time += ms;
      const status = groupStatus(g);
      let body = '';
      if (status === 'failed') {
        f++;
        body = `<failure message="${xml(failureMessage(g, rs))}" type="assertion">${xml(failureText(plan, rs))}</failure>`;
      } else if (status === 'error') {
        e++;
        const err = rs.find((r) => r.error !== undefined)?.error;
        body = `<error message="${xml(oneLine(err?.message ?? 'error', 500))}" type="${xml(err?.kind ?? 'error')}">${xml(failureText(plan, rs))}</error>`;
      } else if (status === 'cancelled') {
        s++;
        body = '<skipped message="cancelled"/>';
      }
      const name = g.model !== undefined ? `${g.testName} [${g.model}]${rowSuffix(plan, g)}` : `${g.testName}${rowSuffix(plan, g)}`;
      cases.push(`    <testcase classname="${xml(displayPath(cwd, file))}" name="${xml(name)}" time="${seconds(ms)}">${body}</testcase>`);
    }
    tests += groups.length;
    failures += f;
    errors += e;
    skipped += s;
    suites.push(
      `  <testsuite name="${xml(displayPath(cwd, file))}" tests="${groups.length}" failures="${f}" errors="${e}" skipped="${s}" time="${seconds(time)}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="promptops" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(summary.durationMs)}">\n${suites.join('\n')}${suites.length > 0 ? '\n' : ''}</testsuites>\n`;
}

/** `::error file=…,line=…::` on each failing assertion's line (or the test's line for an error). */
export function githubAnnotations(summary: RunSummary, plan: RunPlan, cwd: string): string {
  const out: string[] = [];
  for (const p of plan.problems) out.push(annotation('error', displayPath(cwd, p.filePath), p.range.start.line + 1, p.range.start.character + 1, `promptops: ${p.testName}`, p.message));
  for (const g of summary.groups) {
    if (g.pass || groupStatus(g) === 'cancelled') continue;
    const rs = g.caseIndexes.map((i) => summary.results[i]);
    const file = displayPath(cwd, g.filePath);
    const title = `promptops: ${g.testName}${g.model !== undefined ? ` [${g.model}]` : ''}${g.total > 1 ? ` ${g.passes}/${g.total} passed` : ''}`;
    const seen = new Set<string>();
    for (const r of rs) {
      const c = plan.cases[r.index];
      if (r.error !== undefined && r.status === 'error') {
        const key = `e:${r.error.kind}:${r.error.message}`;
        if (!seen.has(key)) out.push(annotation('error', file, c.range.start.line + 1, c.range.start.character + 1, title, `${r.error.kind}: ${r.error.message}`));
        seen.add(key);
      }
      for (const a of r.assertions.filter((x) => !x.pass)) {
        const key = `a:${a.range.start.line}:${a.reason}`;
        if (!seen.has(key)) out.push(annotation('error', file, a.range.start.line + 1, a.range.start.character + 1, title, `${a.type}: ${a.reason}`));
        seen.add(key);
      }
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

function annotation(level: 'error' | 'warning', file: string, line: number, col: number, title: string, message: string): string {
  return `::${level} file=${prop(file)},line=${line},col=${col},title=${prop(title)}::${data(message)}`;
}

// Workflow-command escaping as the GitHub runner decodes it.
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function rowSuffix(plan: RunPlan, g: GroupResult): string {
  const row = groupRow(plan, g);
  return row !== undefined ? ` row ${row}` : '';
}

function failureMessage(g: GroupResult, rs: readonly CaseResult[]): string {
  if (g.total > 1) return `${g.passes}/${g.total} passed, needs ${Math.round(g.threshold * 100)}%`;
  const a = rs[0]?.assertions.find((x) => !x.pass);
  return a !== undefined ? oneLine(`${a.type}: ${a.reason}`, 500) : 'failed';
}

function failureText(plan: RunPlan, rs: readonly CaseResult[]): string {
  const lines: string[] = [];
  for (const r of rs) {
    if (r.pass) continue;
    lines.push(plan.cases[r.index].id);
    if (r.error !== undefined) lines.push(`  ${r.error.kind}: ${r.error.message}`);
    for (const a of r.assertions.filter((x) => !x.pass)) lines.push(`  line ${a.range.start.line + 1} ${a.type}: ${a.reason}`);
    if (r.output !== undefined) lines.push(`  output: ${oneLine(r.output, 2000)}`);
  }
  return lines.join('\n');
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry at all. */
export function xml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '�')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '�')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/\n/g, '&#10;')
  );
}
