// What `activate` returns. Other extensions and the integration tests read results through it, since VS Code has no
// public API to read Test Explorer results back.
import type * as vscode from 'vscode';
import type { InlineResult } from './testing/inlineResults';
import type { RunLogEntry } from './testing/runLog';

export interface PromptOpsApi {
  readonly testing: {
    readonly controller: vscode.TestController;
    readonly runProfile: vscode.TestRunProfile;
    /** The last runs, oldest first. */
    recentRuns(): readonly RunLogEntry[];
    readonly onDidEndRun: vscode.Event<RunLogEntry>;
    inlineResults(uri: vscode.Uri): ReadonlyMap<string, InlineResult> | undefined;
    inlineResultsStale(uri: vscode.Uri): boolean;
    runningCount(): number;
  };
  /** The workspace root and store folder that serve a file. */
  engineFor(uri: vscode.Uri): Promise<{ readonly workspaceRoot: string; readonly storeDir: string; readonly trusted: boolean }>;
}
