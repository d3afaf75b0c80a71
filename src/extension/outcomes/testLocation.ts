// Finds a test's line in a prompt file by the name a run recorded. Pure (no vscode).
import { parse } from '../../core/promptFile/parse';
import type { Range } from '../../core/promptFile/model';

/**
 * The range of the test's name. The runner names an unnamed test `test N` and a repeated name `name [N]` (N is the
 * 1-based position), so those forms are matched too. Undefined when the file no longer has the test.
 */
export function findTestRange(text: string, testName: string): Range | undefined {
  const tests = parse(text).tests;
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i];
    if (t.name === testName || `${t.name} [${i + 1}]` === testName || (t.name.trim() === '' && testName === `test ${i + 1}`)) {
      return t.nameRange;
    }
  }
  return undefined;
}
