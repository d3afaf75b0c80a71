// Hover: what a variable is, what a frontmatter key means, what a model costs, how many tokens a role section holds,
// and what a partial contains.
import type { Message, Position, PromptDocument, Range } from '../promptFile/model';
import { frontmatterKeyDocs } from '../promptFile/schema';
import { assertionDoc } from './assertionDocs';
import { escapeMarkdown, inputDocumentation } from './completion';
import { formatModelDetail } from './modelText';
import { contains, lineAt, textOf } from './text';
import { countMessageTokens, countTextTokens, formatCount } from './tokens';
import type { Hover, ModelInfo } from './types';
import { variableAt } from './variables';

export interface HoverSources {
  /** The catalogue entry of a `provider/model` id (snapshots and aliases included). */
  readonly model: (id: string) => ModelInfo | undefined;
  /** The text of a partial, or undefined when it cannot be found. */
  readonly readPartial: (name: string) => Promise<string | undefined>;
  /** The rendered messages (defaults or first test) or undefined when the prompt does not render. */
  readonly renderMessages: () => Promise<readonly Message[] | undefined>;
}

/** A code fence long enough that the text inside cannot close it. */
export function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

/** Markdown for a model id: provider, context window, price; says so when the catalogue does not know it. */
export function modelHover(id: string, m: ModelInfo | undefined): string {
  if (!m) return `**${escapeMarkdown(id)}**\n\nNot in the model catalogue: no context window or price known.`;
  const lines = [`**${escapeMarkdown(m.id)}** — provider \`${m.provider}\``];
  if (m.contextWindow) lines.push(`Context window: ${m.contextWindow.toLocaleString('en-US')} tokens`);
  if (m.maxOutputTokens) lines.push(`Max output: ${m.maxOutputTokens.toLocaleString('en-US')} tokens`);
  if (m.inputPerMillion !== undefined && m.outputPerMillion !== undefined) lines.push(`Price: ${formatModelDetail({ ...m, contextWindow: undefined })}`);
  return lines.join('\n\n');
}

function normalisePath(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

function modelValueAt(doc: PromptDocument, pos: Position): { id: string; range: Range } | undefined {
  if (doc.model && contains(doc.model.range, pos)) return { id: doc.model.value, range: doc.model.range };
  for (const k of doc.keys) {
    if (!k.valueRange || !contains(k.valueRange, pos)) continue;
    const p = normalisePath(k.path);
    if (p === 'tests[].model' || p === 'tests[].assert[].provider') {
      return { id: textOf(doc, k.valueRange).replace(/^["']|["']$/g, ''), range: k.valueRange };
    }
    if (p === 'tests[].models' || p === 'tests[].provider') {
      // A list (block or flow): the `provider/model` word under the cursor.
      for (const m of lineAt(doc, pos.line).matchAll(/[\w.-]+\/[\w.:@-]+/g)) {
        if (m.index <= pos.character && pos.character <= m.index + m[0].length) {
          return { id: m[0], range: { start: { line: pos.line, character: m.index }, end: { line: pos.line, character: m.index + m[0].length } } };
        }
      }
    }
  }
  return undefined;
}

async function sectionHover(doc: PromptDocument, index: number, sources: HoverSources): Promise<string> {
  const section = doc.sections[index];
  if (!section) return '';
  const model = doc.model?.value;
  const messages = await sources.renderMessages();
  const visible = doc.sections.filter((s) => s.markerRange || textOf(doc, s.range).trim() !== '');
  const at = visible.indexOf(section);
  if (messages && messages.length === visible.length && at >= 0) {
    const count = await countMessageTokens([messages[at]], model);
    return `**${section.role}** message: ${formatCount({ ...count, tokens: count.tokens - 3 })} tokens rendered${count.exact ? '' : ' (estimate)'}`;
  }
  // The prompt does not render (or {{history}} adds messages): count the template text instead.
  const count = await countTextTokens(textOf(doc, section.range), model);
  return `**${section.role}** section: ~${count.tokens.toLocaleString('en-US')} tokens of template text (the prompt did not render with its defaults)`;
}

/** The hover at `pos`, or undefined when there is nothing to say. */
export async function hover(doc: PromptDocument, pos: Position, sources: HoverSources): Promise<Hover | undefined> {
  const sectionIndex = doc.sections.findIndex((s) => s.markerRange && contains(s.markerRange, pos));
  if (sectionIndex >= 0) return { contents: await sectionHover(doc, sectionIndex, sources), range: doc.sections[sectionIndex].markerRange! };
  const partial = doc.partials.find((p) => contains(p.range, pos));
  if (partial) {
    const text = await sources.readPartial(partial.value);
    const contents = text === undefined
      ? `Partial **${escapeMarkdown(partial.value)}** was not found (looked for \`_${partial.value}.prompt\`).`
      : `Partial **${escapeMarkdown(partial.value)}**\n\n${fence(text.length > 4000 ? `${text.slice(0, 4000)}\n…` : text, 'handlebars')}`;
    return { contents, range: partial.range };
  }
  const variable = variableAt(doc, pos);
  if (variable) {
    const input = doc.inputs.find((i) => i.name === variable.name);
    const contents = input ? inputDocumentation(input) : `**${escapeMarkdown(variable.name)}** is not declared in \`input.schema\`.`;
    return { contents, range: variable.range };
  }
  const model = modelValueAt(doc, pos);
  if (model) return { contents: modelHover(model.id, sources.model(model.id)), range: model.range };
  for (const k of doc.keys) {
    const onKey = contains(k.keyRange, pos);
    const onValue = k.valueRange !== undefined && contains(k.valueRange, pos);
    if (!onKey && !onValue) continue;
    const path = normalisePath(k.path);
    if (path === 'tests[].assert[].type' && onValue) {
      const type = textOf(doc, k.valueRange).trim();
      const d = assertionDoc(type);
      if (d) return { contents: `**${escapeMarkdown(type)}**: ${d}`, range: k.valueRange };
    }
    if (!onKey) continue;
    const keyDoc = frontmatterKeyDocs().find((d) => d.path === path || d.path === `${path}[]`);
    if (keyDoc?.description) return { contents: `**${escapeMarkdown(path)}** \`${keyDoc.type}\`\n\n${keyDoc.description}`, range: k.keyRange };
  }
  return undefined;
}
