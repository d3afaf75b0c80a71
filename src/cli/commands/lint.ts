// `promptops lint`: the core's diagnostics in the compiler format; exit 1 when any is an error.
import { parseArgs, type OptionSpec } from '../args';
import { checkReferences } from '../../core/promptFile/references';
import { displayPath, findPromptFiles, nodeFileSystem } from '../files';
import { EXIT_FAILED, EXIT_OK, type CliIo } from '../io';
import { formatDiagnostic, readPrompt, sortDiagnostics } from '../prompts';

const options: OptionSpec[] = [{ name: 'quiet', short: 'q', kind: 'flag' }];

/** Lints the prompt files named (default: all under the current folder). */
export async function lintCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, options);
  const quiet = args.flags.get('quiet') === true;
  const files = await findPromptFiles(io.cwd, args.positionals);
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const document = await readPrompt(file, io.cwd);
    const references = await checkReferences(document, file, nodeFileSystem);
    for (const d of sortDiagnostics([...document.diagnostics, ...references])) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      if (quiet && d.severity !== 'error') continue;
      io.stdout.write(`${formatDiagnostic(io.cwd, file, d)}\n`);
    }
  }
  if (!quiet) {
    const where = files.length === 1 ? displayPath(io.cwd, files[0]) : `${files.length} files`;
    io.stderr.write(`${where}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors > 0 ? EXIT_FAILED : EXIT_OK;
}
