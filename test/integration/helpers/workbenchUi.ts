// Workbench UI that the extension API cannot reach (a modal dialog belongs to the workbench, not the extension
// host): the test asks the driver, which reads and clicks it in the browser page like a person.
import { existsSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_ENV, type HostConfig, type ReportEvent, type UiAnswer, type UiRequest } from '../runner/protocol';
import { waitFor } from './wait';

let nextId = 0;

function hostConfig(): HostConfig {
  const path = process.env[CONFIG_ENV];
  if (!path) throw new Error(`${CONFIG_ENV} is not set: workbench UI requests need the code-server driver (npm run test:integration)`);
  return JSON.parse(readFileSync(path, 'utf8')) as HostConfig;
}

async function ask(request: UiRequest, timeoutMs: number): Promise<string | null> {
  const config = hostConfig();
  const id = `${process.pid}-${++nextId}`;
  const event: ReportEvent = { type: 'ui', id, request };
  appendFileSync(config.reportPath, `${JSON.stringify(event)}\n`);
  const answerPath = join(config.uiDir, `${id}.json`);
  const answer = await waitFor(() => existsSync(answerPath) && (JSON.parse(readFileSync(answerPath, 'utf8')) as UiAnswer), `the driver to answer ${request.kind}`, timeoutMs, 100);
  rmSync(answerPath, { force: true });
  if (!answer.ok) throw new Error(`the driver could not do ${JSON.stringify(request)}: ${answer.error}`);
  return answer.text;
}

/** The text (message and detail) of the modal dialog the workbench shows now, or null when it shows none. */
export function modalDialogText(): Promise<string | null> {
  return ask({ kind: 'dialog' }, 15_000);
}

/** Waits for a modal dialog with `button`, clicks it, and returns the dialog's text as the user read it. */
export async function answerModalDialog(button: string, timeoutMs = 20_000): Promise<string> {
  return (await ask({ kind: 'clickDialogButton', button, timeoutMs }, timeoutMs + 15_000)) ?? '';
}
