// The code-server sessions of an integration run. Most tests share one trusted single-folder workspace; tests that
// need the workspace itself to differ (trust withheld, several roots) get a session of their own: one more
// code-server start each, with the same packaged extension.
import { findTestFiles, mainIntegrationFiles } from '../../../scripts/harness/packaging';

export interface IntegrationSession {
  /** For `--session NAME` and the run folder's name. */
  readonly name: string;
  /** Suite title around the session's results; the main session's results stand alone. */
  readonly title?: string;
  /** Repo-relative test files bundled for the session. */
  files(): string[];
  /** Repo-relative folder copied as the workspace. */
  readonly fixture: string;
  /** A `.code-workspace` file inside the fixture to open instead of the folder. */
  readonly workspaceFile?: string;
  readonly trust: 'grant' | 'withhold';
  /** User settings on top of the harness's quiet defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
}

const basic = 'test/fixtures/workspaces/basic';

export const integrationSessions: readonly IntegrationSession[] = [
  { name: 'main', files: mainIntegrationFiles, fixture: basic, trust: 'grant' },
  {
    name: 'untrusted',
    title: 'untrusted session (Restricted Mode)',
    files: () => findTestFiles('test/integration/untrusted'),
    fixture: basic,
    trust: 'withhold',
    // Trust on (VS Code's default, stated so a changed default cannot turn this session into a trusted one) and no
    // startup modal: the workbench opens in Restricted Mode and nobody answers.
    settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
  },
  {
    name: 'multiroot',
    title: 'multi-root session (prompts.code-workspace)',
    files: () => findTestFiles('test/integration/multiroot'),
    fixture: 'test/integration/multiroot/workspace',
    workspaceFile: 'prompts.code-workspace',
    trust: 'grant',
  },
  {
    name: 'configonly',
    title: 'config-only session (a nested promptops.config.yaml, no prompt file)',
    files: () => findTestFiles('test/integration/configonly'),
    fixture: 'test/integration/configonly/workspace',
    trust: 'grant',
  },
];
