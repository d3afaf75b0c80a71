// Template checks: unknown helpers, helper arguments, roles, data variables out of scope, undeclared and unused inputs.
import { diag } from './diagnosticCodes';
import type { InputsResult } from './inputs';
import type { Diagnostic } from './model';
import { didYouMean } from './suggest';
import { DOTPROMPT_HELPERS, HANDLEBARS_HELPERS, isKnownHelper, type HelperCall, type TemplateResult } from './templateModel';

const KNOWN = [...DOTPROMPT_HELPERS, ...HANDLEBARS_HELPERS];
const ROLES = ['system', 'user', 'model', 'tool'];
const LOOP_DATA = new Set(['@index', '@key', '@first', '@last']);

/** Diagnostics on the analysed template, judged against the declared inputs. */
export function templateDiagnostics(t: TemplateResult, inputs: InputsResult): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const calls of t.helpers) for (const call of calls) checkHelper(call, out);
  const schema = inputs.schema;
  // Each declared input by name, and whether a path uses it: one lookup per path (a set of the declared names and a
  // set of the used ones took two, each path's name hashed into both).
  const declared = new Map<string, boolean>();
  for (const input of inputs.inputs) declared.set(input.name, false);
  const open = schema !== undefined && (schema.additionalProperties === true || (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null)
    || (schema.properties === undefined && schema.type !== 'object'));
  // Said after every misplaced data variable, as the checks always ordered them.
  const undeclared: Diagnostic[] = [];
  for (const uses of t.paths) {
    for (const p of uses) {
      if (p.isData) {
        // Only data variables outside every block can be misplaced; most paths are neither, so split only those.
        if (p.node.scopes.length > 0) continue;
        const head = p.node.name.split(/[./]/)[0];
        if (LOOP_DATA.has(head)) {
          out.push(diag('PO2006', p.node.nameRange, `\`${head}\` is only set inside \`{{#each}}\`; here it is always empty. Move it into an \`{{#each}}\` block.`));
        }
      }
      if (p.rootName === undefined || schema === undefined) continue;
      const seen = declared.get(p.rootName);
      if (seen === false) declared.set(p.rootName, true);
      if (seen !== undefined || open) continue;
      const suggestion = didYouMean(p.rootName, [...declared.keys()]);
      const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
      undeclared.push(diag('PO2002', p.node.nameRange,
        `'${p.rootName}' is not declared in \`input.schema\`, so it renders empty.${hint} Otherwise declare it (e.g. \`${p.rootName}?: string\`).`,
        suggestion ? { variable: p.rootName, suggestion } : { variable: p.rootName }));
    }
  }
  if (schema === undefined) return out;
  for (const d of undeclared) out.push(d);
  // A partial sees the same context, so an input may be used there; only judge files without partials. A template
  // that could not be read (a syntax error) yields no uses at all, so nothing is judged unused until it is fixed.
  if (t.partials.length === 0 && t.diagnostics.length === 0) {
    for (const input of inputs.inputs) {
      if (declared.get(input.name) === true) continue;
      out.push(diag('PO2003', input.range, `Input '${input.name}' is declared but the template never uses it. Use \`{{${input.name}}}\` or remove it.`,
        { variable: input.name }));
    }
  }
  return out;
}

function checkHelper(call: HelperCall, out: Diagnostic[]): void {
  const { node, params, hashKeys } = call;
  const name = node.name;
  if (!isKnownHelper(name)) {
    const suggestion = didYouMean(name, KNOWN);
    out.push(diag('PO2004', node.nameRange,
      `Unknown helper '${name}'; Dotprompt renders only its own and Handlebars' helpers.${suggestion ? ` Did you mean '${suggestion}'?` : ` Known helpers: ${KNOWN.join(', ')}.`}`,
      suggestion ? { helper: name, suggestion } : { helper: name }));
    return;
  }
  const usage = checkArity(name, params.length, hashKeys, node.kind === 'block');
  if (usage) {
    out.push(diag('PO2007', node.range, `Wrong arguments for '${name}'. Write it as ${usage}.`, { helper: name }));
    return;
  }
  if (name === 'role') {
    const p = params[0];
    if (p.type !== 'StringLiteral') {
      out.push(diag('PO2007', p.range, 'The role must be a quoted string, e.g. `{{role "system"}}`.', { helper: name }));
    } else if (!ROLES.includes(p.value)) {
      const suggestion = didYouMean(p.value, ROLES);
      out.push(diag('PO2005', p.range, `Unknown role '${p.value}'. Use one of ${ROLES.join(', ')}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        suggestion ? { role: p.value, suggestion } : { role: p.value }));
    }
  }
}

function checkArity(name: string, n: number, hashKeys: readonly string[], isBlock: boolean): string | undefined {
  switch (name) {
    case 'role': return n === 1 && !isBlock ? undefined : '`{{role "system"}}`';
    case 'history': return n === 0 && !isBlock ? undefined : '`{{history}}`';
    case 'section': return n === 1 && !isBlock ? undefined : '`{{section "name"}}`';
    case 'media': return hashKeys.includes('url') && !isBlock ? undefined : '`{{media url=imageUrl}}` (optionally `contentType="image/png"`)';
    case 'json': return n === 1 && !isBlock ? undefined : '`{{json value}}` (optionally `indent=2`)';
    case 'ifEquals':
    case 'unlessEquals': return n === 2 && isBlock ? undefined : `\`{{#${name} a b}}…{{/${name}}}\``;
    case 'if':
    case 'unless':
    case 'each':
    case 'with': return n === 1 && isBlock ? undefined : `\`{{#${name} value}}…{{/${name}}}\``;
    case 'lookup': return n === 2 ? undefined : '`{{lookup object key}}`';
    default: return undefined;
  }
}
