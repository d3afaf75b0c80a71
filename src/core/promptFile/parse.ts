// parse(text) → PromptDocument: frontmatter, template, tests and diagnostics, with exact ranges. Never throws.
import { diag } from './diagnosticCodes';
import { readInputs, type InputsResult } from './inputs';
import type { Diagnostic, Located, PromptDocument, Range } from './model';
import { picoschemaToJsonSchema } from './picoschema';
import { LineIndex } from './positions';
import { schemaDiagnostics } from './schemaDiagnostics';
import { splitPromptText } from './split';
import { analyseTemplate, type TemplateResult } from './template';
import { templateDiagnostics } from './templateDiagnostics';
import { testDiagnostics } from './testDiagnostics';
import { isRecord, readTests } from './testSpecs';
import { parseFrontmatterYaml, type YamlResult } from './yamlFrontmatter';

/** Parses a `.prompt` file into its document model; problems become diagnostics, never exceptions. */
export function parse(text: string): PromptDocument {
  const source = typeof text === 'string' ? text : String(text ?? '');
  const index = new LineIndex(source);
  const whole = index.range(0, source.length);
  const diagnostics: Diagnostic[] = [];
  const split = splitPromptText(source);
  const fm = split.frontmatter;
  let yaml: YamlResult = { data: null, nodes: new Map(), keys: [], diagnostics: [] };
  let frontmatterRange: Range | undefined;
  if (fm) {
    frontmatterRange = index.range(fm.openStart, fm.closeEnd ?? source.length);
    if (fm.closeStart === undefined) {
      diagnostics.push(diag('PO1001', index.range(fm.openStart, fm.openEnd),
        'The frontmatter opened here is never closed. Add a line with only `---` between the frontmatter and the template.'));
    } else if (!fm.closeHasBreak || fm.yamlEnd === fm.yamlStart) {
      diagnostics.push(diag('PO1015', index.range(fm.closeStart, fm.closeEnd ?? fm.closeStart),
        fm.yamlEnd === fm.yamlStart
          ? 'Dotprompt ignores an empty frontmatter block and renders it as text. Add a key (e.g. `model:`) or remove the two `---` lines.'
          : 'Dotprompt needs a line break after the closing `---`; without one it renders the whole file as text. Add a line break.'));
    }
    yaml = guard(() => parseFrontmatterYaml(source, fm.yamlStart, fm.yamlEnd, index), yaml, diagnostics, 'PO1002', frontmatterRange);
    diagnostics.push(...yaml.diagnostics);
  }
  const data = yaml.data;
  const fmFallback = frontmatterRange ?? whole;
  if (data) diagnostics.push(...guard(() => schemaDiagnostics(data, yaml.nodes, fmFallback), [], diagnostics, 'PO1019', fmFallback));

  const emptyInputs: InputsResult = { defaults: {}, inputs: [], diagnostics: [] };
  const inputs = guard(() => readInputs(data, yaml.nodes, fmFallback), emptyInputs, diagnostics, 'PO1020', fmFallback);
  diagnostics.push(...inputs.diagnostics);
  const output = readOutput(data);
  const tests = guard(() => readTests(data, yaml.nodes, fmFallback), [], diagnostics, 'PO1019', fmFallback);

  const bodyOffset = split.bodyStart;
  const bodyRange = index.range(bodyOffset, source.length);
  const emptyTemplate: TemplateResult = { nodes: [], sections: [{ role: 'user', range: bodyRange }], partials: [], paths: [], helpers: [], diagnostics: [] };
  const template = guard(() => analyseTemplate(source, bodyOffset, index), emptyTemplate, diagnostics, 'PO2001', bodyRange);
  diagnostics.push(...template.diagnostics);
  diagnostics.push(...guard(() => templateDiagnostics(template, inputs), [], diagnostics, 'PO2001', bodyRange));
  diagnostics.push(...guard(() => testDiagnostics(tests, inputs, yaml.nodes), [], diagnostics, 'PO3002', fmFallback));

  const modelInfo = yaml.nodes.get('model');
  const model: Located<string> | undefined = typeof data?.model === 'string' && modelInfo
    ? { value: data.model, range: modelInfo.valueRange ?? modelInfo.range, ...(modelInfo.keyRange ? { keyRange: modelInfo.keyRange } : {}) }
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
    output,
    tests,
    sections: template.sections,
    templateNodes: template.nodes,
    partials: template.partials,
    keys: yaml.keys,
    diagnostics,
  };
  return {
    ...doc,
    ...(frontmatterRange ? { frontmatterRange } : {}),
    ...(model ? { model } : {}),
    ...(inputs.schema ? { inputSchema: inputs.schema } : {}),
  };
}

function readOutput(data: Record<string, unknown> | null): PromptDocument['output'] {
  const output = isRecord(data?.output) ? data.output : {};
  const format = output.format === 'json' || (output.format === undefined && output.schema !== undefined) ? 'json' : 'text';
  const schema = output.schema !== undefined ? picoschemaToJsonSchema(output.schema).schema : undefined;
  return schema ? { format, schema } : { format };
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
