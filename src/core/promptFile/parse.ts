// parse(text) → PromptDocument: frontmatter, template, tests and diagnostics, with exact ranges. Never throws.
import { clearValidatorIdentities } from './ajvCache';
import { detached } from './detach';
import { diag } from './diagnosticCodes';
import { readInputs, type InputsResult } from './inputs';
import type { Diagnostic, Located, PromptDocument, Range, TestSpec } from './model';
import { picoschemaToJsonSchema } from './picoschema';
import { LineIndex } from './positions';
import { clearSchemaIssueCache, schemaDiagnostics } from './schemaDiagnostics';
import { splitPromptText, type SplitResult } from './split';
import { analyseTemplate, clearPieceCache } from './template';
import type { TemplateResult } from './templateModel';
import { templateDiagnostics } from './templateDiagnostics';
import { clearVarCheckCache, testDiagnostics } from './testDiagnostics';
import { isRecord, readTests } from './testSpecs';
import { clearYamlChunkCache, parseYamlChunked } from './yamlChunks';
import { clearYamlFastCache, readYamlFast } from './yamlFast';
import { parseFrontmatterYaml, type YamlResult } from './yamlFrontmatter';
import { NodeIndex } from './yamlIndex';

/** Everything derived from the frontmatter alone; it is cached, since most edits leave the frontmatter as it was. */
interface FrontmatterStage {
  readonly yaml: YamlResult;
  readonly inputs: InputsResult;
  readonly output: PromptDocument['output'];
  readonly tests: TestSpec[];
  readonly frontmatterRange?: Range;
  readonly diagnostics: Diagnostic[];
}

const MAX_CACHED_FRONTMATTERS = 64;
/** Stages by the text up to the end of the closing fence, apart by whether a line break follows the fence. */
const frontmatterCache = [new Map<string, FrontmatterStage>(), new Map<string, FrontmatterStage>()];
/** More diagnostics than this help nobody; the rest of a badly broken file is summarised. */
const MAX_DIAGNOSTICS = 200;

/** Parses a `.prompt` file into its document model; problems become diagnostics, never exceptions. */
export function parse(text: string): PromptDocument {
  const source = typeof text === 'string' ? text : String(text ?? '');
  const index = new LineIndex(source);
  const split = splitPromptText(source);
  const fm = frontmatterStage(source, split, index);
  const { yaml, inputs } = fm;
  const diagnostics: Diagnostic[] = [...fm.diagnostics];

  const bodyOffset = split.bodyStart;
  const bodyRange = index.range(bodyOffset, source.length);
  const emptyTemplate: TemplateResult = { nodes: [], sections: [{ role: 'user', range: bodyRange }], partials: [], paths: [], helpers: [], diagnostics: [] };
  const template = templateStage(source, bodyOffset, index, emptyTemplate, diagnostics, bodyRange);
  diagnostics.push(...template.diagnostics);
  diagnostics.push(...templateChecks(template, inputs, diagnostics, bodyRange));

  const data = yaml.data;
  const modelInfo = yaml.nodes.get('model');
  const model: Located<string> | undefined = typeof data?.model === 'string' && modelInfo
    ? { value: data.model, range: modelInfo.valueRange ?? modelInfo.keyRange ?? bodyRange, ...(modelInfo.keyRange ? { keyRange: modelInfo.keyRange } : {}) }
    : undefined;
  const doc: PromptDocument = {
    text: source,
    frontmatter: data,
    body: source.slice(bodyOffset),
    bodyRange,
    bodyOffset,
    config: isRecord(data?.config) ? data.config : {},
    inputDefaults: inputs.defaults,
    inputs: inputs.inputs,
    output: fm.output,
    tests: fm.tests,
    sections: template.sections,
    templateNodes: template.nodes,
    partials: template.partials,
    keys: yaml.keys,
    diagnostics: capped(diagnostics, index),
  };
  return {
    ...doc,
    ...(fm.frontmatterRange ? { frontmatterRange: fm.frontmatterRange } : {}),
    ...(model ? { model } : {}),
    ...(inputs.schema ? { inputSchema: inputs.schema } : {}),
  };
}

/** The last body analysed and its checks: typing in the frontmatter leaves the body as it was. */
let lastTemplate: { body: string; line: number; character: number; result: TemplateResult } | undefined;
let lastChecks: { template: TemplateResult; inputs: InputsResult; inputsKey?: string | null; diagnostics: Diagnostic[] } | undefined;

function templateStage(source: string, bodyOffset: number, index: LineIndex, empty: TemplateResult, diagnostics: Diagnostic[], bodyRange: Range): TemplateResult {
  const body = source.slice(bodyOffset);
  const { line, character } = index.positionAt(bodyOffset);
  if (lastTemplate && lastTemplate.line === line && lastTemplate.character === character && lastTemplate.body === body) return lastTemplate.result;
  const before = diagnostics.length;
  const result = guard(() => analyseTemplate(source, bodyOffset, index), empty, diagnostics, 'PO2001', bodyRange);
  // A stage that failed is not remembered, so its diagnostic is reported again next time.
  lastTemplate = diagnostics.length === before ? { body, line, character, result } : undefined;
  return result;
}

function templateChecks(template: TemplateResult, inputs: InputsResult, diagnostics: Diagnostic[], bodyRange: Range): Diagnostic[] {
  const last = lastChecks;
  if (last?.template === template && (last.inputs === inputs || sameInputs(last, inputs))) return last.diagnostics;
  const before = diagnostics.length;
  const checks = guard(() => templateDiagnostics(template, inputs), [], diagnostics, 'PO2001', bodyRange);
  lastChecks = diagnostics.length === before ? { template, inputs, diagnostics: checks } : undefined;
  return checks;
}

/**
 * Whether templateDiagnostics would judge `inputs` as it judged the last checks' inputs (the frontmatter changed, the
 * inputs did not). Only asked when the template is the same, so a cold parse or a body edit never serialises them.
 */
function sameInputs(last: NonNullable<typeof lastChecks>, inputs: InputsResult): boolean {
  if (last.inputsKey === undefined) last.inputsKey = inputsKey(last.inputs);
  return last.inputsKey !== null && last.inputsKey === inputsKey(inputs);
}

/** Everything templateDiagnostics reads of the inputs; null when YAML aliases make the schema circular. */
function inputsKey(inputs: InputsResult): string | null {
  try {
    return JSON.stringify([inputs.schema ?? null, inputs.inputs.map((i) => [i.name, i.range])]);
  } catch {
    return null;
  }
}

/** Forgets the caches that make re-parsing an edited file cheap (for cold-parse measurements). */
export function clearParseCaches(): void {
  frontmatterCache[0].clear();
  frontmatterCache[1].clear();
  clearYamlChunkCache();
  clearYamlFastCache();
  clearSchemaIssueCache();
  clearValidatorIdentities();
  clearVarCheckCache();
  clearPieceCache();
  lastTemplate = undefined;
  lastChecks = undefined;
}

function frontmatterStage(source: string, split: SplitResult, index: LineIndex): FrontmatterStage {
  const fm = split.frontmatter;
  if (!fm) {
    return { yaml: { data: null, nodes: NodeIndex.empty(), keys: [], diagnostics: [] }, inputs: { defaults: {}, inputs: [], diagnostics: [] }, output: { format: 'text' }, tests: [], diagnostics: [] };
  }
  // Every range of the stage depends only on the text up to the end of the closing fence (BOM, fences, the line
  // breaks and blanks around the YAML) and on whether a line break follows it; an unclosed block runs to the end.
  const side = fm.closeHasBreak ? 1 : 0;
  const cache = frontmatterCache[side];
  const key = source.slice(0, fm.closeEnd ?? source.length);
  const hit = cache.get(key);
  if (hit) return hit;
  const stage = computeFrontmatterStage(source, fm, index);
  if (frontmatterCache[0].size + frontmatterCache[1].size >= MAX_CACHED_FRONTMATTERS) {
    const from = cache.size > 0 ? cache : frontmatterCache[1 - side];
    from.delete(from.keys().next().value as string);
  }
  // A copy of the key: the slice keeps this version of the whole file alive.
  cache.set(detached(key), stage);
  return stage;
}

function computeFrontmatterStage(source: string, fm: NonNullable<SplitResult['frontmatter']>, index: LineIndex): FrontmatterStage {
  const diagnostics: Diagnostic[] = [];
  const frontmatterRange = index.range(fm.openStart, fm.closeEnd ?? source.length);
  if (fm.closeStart === undefined) {
    diagnostics.push(diag('PO1001', index.range(fm.openStart, fm.openEnd),
      'The frontmatter opened here is never closed. Add a line with only `---` between the frontmatter and the template.'));
  } else if (!fm.closeHasBreak || fm.yamlEnd === fm.yamlStart) {
    diagnostics.push(diag('PO1015', index.range(fm.closeStart, fm.closeEnd ?? fm.closeStart),
      fm.yamlEnd === fm.yamlStart
        ? 'Dotprompt ignores an empty frontmatter block and renders it as text. Add a key (e.g. `model:`) or remove the two `---` lines.'
        : 'Dotprompt needs a line break after the closing `---`; without one it renders the whole file as text. Add a line break.'));
  }
  const emptyYaml: YamlResult = { data: null, nodes: NodeIndex.empty(), keys: [], diagnostics: [] };
  const yaml = guard(() => parseYamlChunked(source, fm.yamlStart, fm.yamlEnd, index) ?? readYamlFast(source, fm.yamlStart, fm.yamlEnd, index)
    ?? parseFrontmatterYaml(source, fm.yamlStart, fm.yamlEnd, index), emptyYaml, diagnostics, 'PO1002', frontmatterRange);
  diagnostics.push(...yaml.diagnostics);
  const data = yaml.data;
  if (data) diagnostics.push(...guard(() => schemaDiagnostics(data, yaml.nodes, frontmatterRange), [], diagnostics, 'PO1019', frontmatterRange));
  const emptyInputs: InputsResult = { defaults: {}, inputs: [], diagnostics: [] };
  const inputs = guard(() => readInputs(data, yaml.nodes, frontmatterRange), emptyInputs, diagnostics, 'PO1020', frontmatterRange);
  diagnostics.push(...inputs.diagnostics);
  const tests = guard(() => readTests(data, yaml.nodes, frontmatterRange), [], diagnostics, 'PO1019', frontmatterRange);
  diagnostics.push(...guard(() => testDiagnostics(tests, inputs, yaml.nodes), [], diagnostics, 'PO3002', frontmatterRange));
  return { yaml, inputs, output: readOutput(data), tests, frontmatterRange, diagnostics };
}

function readOutput(data: Record<string, unknown> | null): PromptDocument['output'] {
  const output = isRecord(data?.output) ? data.output : {};
  const format = output.format === 'json' || (output.format === undefined && output.schema !== undefined) ? 'json' : 'text';
  const schema = output.schema !== undefined ? picoschemaToJsonSchema(output.schema).schema : undefined;
  return schema ? { format, schema } : { format };
}

/** Keeps the first diagnostics and says how many more there were, at the first one left out. */
function capped(diagnostics: Diagnostic[], index: LineIndex): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const rest = diagnostics.length - MAX_DIAGNOSTICS;
  const first = diagnostics[MAX_DIAGNOSTICS];
  const range = first?.range ?? index.range(0, 0);
  return [...diagnostics.slice(0, MAX_DIAGNOSTICS), { ...diag('PO1019', range, `${rest} more problems are not shown. Fix the ones above first.`), severity: 'info' }];
}

/** Runs one stage; an unexpected exception becomes a diagnostic so the rest of the document still parses. */
function guard<T>(stage: () => T, fallback: T, diagnostics: Diagnostic[], code: 'PO1002' | 'PO1019' | 'PO1020' | 'PO2001' | 'PO3002', range: Range): T {
  try {
    return stage();
  } catch (e) {
    const reason = e instanceof RangeError ? 'it is nested too deeply' : e instanceof Error ? e.message.split('\n')[0] : String(e);
    diagnostics.push(diag(code, range, `This part of the file could not be checked (${reason}). Simplify it.`));
    return fallback;
  }
}
