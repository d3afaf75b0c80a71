// The detail view of one outcome: messages, output (text or folding JSON), assertions with reasons, timing, tokens,
// version and redacted provider metadata. Every value from the outcome is set as text.
import type { OutcomeDetail } from '../../src/protocol/outcomes';
import { button, el } from '../shared/dom';
import { formatCost, formatLatency, formatScore } from './format';
import { renderJsonTree } from './jsonTree';
import { tryParseJson } from './format';

export interface DetailActions {
  back(): void;
  rerun(ignoreCache: boolean): void;
  openPrompt(): void;
  compare(): void;
  copyOutput(): void;
}

function field(label: string, value: string): HTMLElement[] {
  return [el('dt', { text: label }), el('dd', { text: value === '' ? '—' : value })];
}

function section(title: string, ...content: (Node | undefined)[]): HTMLElement {
  return el('section', { className: 'detail-section' }, [el('h3', { text: title }), ...content]);
}

function outputSection(detail: OutcomeDetail, preferJson: boolean): HTMLElement {
  const parsed = tryParseJson(detail.output);
  const body = el('div', { className: 'output-body' });
  const pre = (): HTMLElement => el('pre', { className: 'output-text', text: detail.output, attrs: { tabindex: '0' } });
  if (!parsed) {
    body.appendChild(pre());
    return section('Output', body);
  }
  const textBtn = el('button', { text: 'Text', attrs: { type: 'button', 'aria-pressed': 'false' } });
  const jsonBtn = el('button', { text: 'JSON', attrs: { type: 'button', 'aria-pressed': 'false' } });
  const show = (json: boolean): void => {
    body.replaceChildren(json ? renderJsonTree(parsed.value) : pre());
    jsonBtn.setAttribute('aria-pressed', String(json));
    textBtn.setAttribute('aria-pressed', String(!json));
  };
  textBtn.addEventListener('click', () => show(false));
  jsonBtn.addEventListener('click', () => show(true));
  show(preferJson || detail.outputFormat === 'json');
  return section('Output', el('div', { className: 'toggle', attrs: { role: 'group', 'aria-label': 'Output format' } }, [textBtn, jsonBtn]), body);
}

/** Builds the detail view; the first action button takes focus so keyboard users land inside it. */
export function renderDetail(detail: OutcomeDetail, actions: DetailActions): HTMLElement {
  const s = detail.summary;
  const title = s.caseLabel ? `${s.testName} (${s.caseLabel})` : s.testName;
  const header = el('div', { className: 'detail-head' }, [
    button('← Back', () => actions.back(), { className: 'back', attrs: { title: 'Back to the list (Escape)' } }),
    el('span', { className: `badge ${s.status}`, text: s.status }),
    el('h2', { text: title }),
    el('span', { className: 'muted', text: `${s.promptLabel} · ${s.model} · ${new Date(s.time).toLocaleString()}` }),
  ]);
  const toolbar = el('div', { className: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Outcome actions' } }, [
    button('Re-run test', () => actions.rerun(false)),
    button('Re-run ignoring cache', () => actions.rerun(true)),
    button('Open prompt at test', () => actions.openPrompt()),
    button('Compare version…', () => actions.compare()),
    button('Copy output', () => actions.copyOutput()),
  ]);
  const facts = el('dl', { className: 'facts' }, [
    ...field('Score', formatScore(s.score)),
    ...field('Latency', formatLatency(detail.timing.latencyMs)),
    ...field('Attempts', detail.timing.attempts === undefined ? '' : String(detail.timing.attempts)),
    ...field('Finish reason', detail.timing.finishReason ?? ''),
    ...field('Input tokens', detail.usage.inputTokens === undefined ? '' : String(detail.usage.inputTokens)),
    ...field('Output tokens', detail.usage.outputTokens === undefined ? '' : String(detail.usage.outputTokens)),
    ...field('Total tokens', detail.usage.totalTokens === undefined ? '' : String(detail.usage.totalTokens)),
    ...field('Cost', formatCost(detail.usage.costUsd)),
    ...field('Cached', s.cached ? 'yes' : 'no'),
    ...field('Run from', s.origin),
    ...field('Version', detail.version.contentHash),
    ...field('Commit', detail.version.commit ? `${detail.version.commit}${detail.version.dirty ? ' (uncommitted changes)' : ''}` : 'not committed'),
  ]);
  const error = detail.error
    ? el('div', { className: 'error-box', attrs: { role: 'alert' } }, [el('strong', { text: `${detail.error.kind}: ` }), el('span', { text: detail.error.message })])
    : undefined;
  const assertions = detail.assertions.length === 0
    ? el('p', { className: 'muted', text: 'No assertions.' })
    : el('ul', { className: 'assertions' }, detail.assertions.map((a) =>
        el('li', { className: a.pass ? 'passed' : 'failed' }, [
          el('span', { className: 'glyph', text: a.pass ? '✓' : '✗' }),
          el('code', { text: a.type }),
          a.score === undefined ? undefined : el('span', { className: 'muted', text: ` ${formatScore(a.score)}` }),
          el('span', { className: 'reason', text: ` ${a.reason}` }),
        ])));
  const messages = el('div', { className: 'messages' }, detail.messages.map((m) =>
    el('div', { className: 'message' }, [el('div', { className: 'role', text: m.role }), el('pre', { text: m.text })])));
  const meta = el('details', {}, [el('summary', { text: 'Provider metadata (secrets redacted)' }), el('pre', { text: detail.providerMetaJson })]);
  return el('div', { className: 'detail', attrs: { role: 'region', 'aria-label': `Outcome of ${title}` } }, [
    header,
    toolbar,
    error,
    facts,
    section('Assertions', assertions),
    outputSection(detail, false),
    section('Messages', messages),
    section('Vars', el('pre', { text: detail.varsJson })),
    section('Metadata', meta),
  ]);
}
