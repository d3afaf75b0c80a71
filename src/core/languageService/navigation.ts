// Go to definition and document links: partials (`{{> name}}`) and dataset files (`file:` in a test).
import type { FileSystem } from '../io';
import type { Located, Position, PromptDocument } from '../promptFile/model';
import { datasetPath } from '../promptFile/dataset';
import { resolvePartialPath } from '../promptFile/references';
import { contains } from './text';
import type { DocumentLink, Location } from './types';

function datasets(doc: PromptDocument): Located<string>[] {
  return doc.tests.flatMap((t) => (t.dataset ? [t.dataset] : []));
}

const TOP: Location['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Where the partial or dataset under the cursor is defined; undefined when it is neither or the file is missing. */
export async function definition(doc: PromptDocument, pos: Position, promptPath: string, fs: FileSystem): Promise<Location | undefined> {
  const partial = doc.partials.find((p) => contains(p.range, pos));
  if (partial) {
    const path = await resolvePartialPath(partial.value, promptPath, fs);
    return path ? { path, range: TOP } : undefined;
  }
  const dataset = datasets(doc).find((d) => contains(d.range, pos));
  if (dataset) {
    const path = datasetPath(dataset.value, promptPath);
    return (await fs.exists(path)) ? { path, range: TOP } : undefined;
  }
  return undefined;
}

/** Links for every partial that resolves and every dataset reference (existing or not, so it can be created). */
export async function documentLinks(doc: PromptDocument, promptPath: string, fs: FileSystem): Promise<DocumentLink[]> {
  const out: DocumentLink[] = [];
  const seen = new Map<string, string | undefined>();
  for (const p of doc.partials) {
    if (!seen.has(p.value)) seen.set(p.value, await resolvePartialPath(p.value, promptPath, fs));
    const target = seen.get(p.value);
    if (target) out.push({ range: p.range, target, tooltip: `Open partial ${p.value}` });
  }
  for (const d of datasets(doc)) out.push({ range: d.range, target: datasetPath(d.value, promptPath), tooltip: 'Open dataset' });
  return out;
}

/** Partial names offered by completion, from the file names beside the prompt and in its `partials/` folder. */
export function partialNames(besideFiles: readonly string[], partialsDirFiles: readonly string[]): string[] {
  const names = new Set<string>();
  for (const f of besideFiles) {
    const m = /^_(.+)\.prompt$/.exec(f);
    if (m) names.add(m[1]);
  }
  for (const f of partialsDirFiles) {
    const m = /^_?(.+)\.prompt$/.exec(f);
    if (m) names.add(m[1]);
  }
  return [...names].sort();
}
