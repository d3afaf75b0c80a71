// Reading and parsing prompt files for the commands, and printing diagnostics in the compiler format.
import type { Diagnostic, PromptDocument } from '../core/promptFile/model';
import { parse } from '../core/promptFile/parse';
import { displayPath, nodeFileSystem } from './files';
import { CliError } from './io';

/** Reads and parses a prompt file; an unreadable file is a CliError naming it. */
export async function readPrompt(path: string, cwd: string): Promise<PromptDocument> {
  let text: string;
  try {
    text = await nodeFileSystem.readFile(path);
  } catch (e) {
    throw new CliError(`${displayPath(cwd, path)}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parse(text);
}

/** `file:line:col: severity code message`, 1-based, as compilers print it (and editors' problem matchers read it). */
export function formatDiagnostic(cwd: string, path: string, d: Diagnostic): string {
  const message = d.message.replace(/\r?\n/g, ' ');
  return `${displayPath(cwd, path)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${message}`;
}

/** Error diagnostics first by position; a stable order keeps CI logs diffable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}
