// Sample prompt files and a cursor helper shared by the language service tests.
import type { Position } from '../../../src/core/promptFile/model';

export const SAMPLE = [
  '---', //                                   0
  'model: openai/gpt-4o-mini', //             1
  'input:', //                                2
  '  schema:', //                             3
  '    name: string, the user name', //       4
  '    topic?: string', //                    5
  '  default:', //                            6
  '    topic: cats', //                       7
  'tests:', //                                8
  '  - name: greets', //                      9
  '    vars:', //                             10
  '      name: Ada', //                       11
  '    assert:', //                           12
  '      - type: contains', //                13
  '        value: Ada', //                    14
  '  - name: second', //                      15
  '    vars: { name: Bob, topic: dogs }', //  16
  '---', //                                   17
  '{{role "system"}}', //                     18
  'Be nice to {{name}}.', //                  19
  '{{#each items as |item|}}{{this}} {{name}} {{@root.name}} {{../name}}{{/each}}', // 20
  '{{role "user"}}', //                       21
  'Hi {{name}} about {{topic}}', //           22
  '',
].join('\n');

/** Removes the `|` cursor marker from `text` and returns the text with the cursor position and offset. */
export function withCursor(marked: string): { text: string; pos: Position; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, offset, pos: { line: before.length - 1, character: before[before.length - 1].length } };
}
