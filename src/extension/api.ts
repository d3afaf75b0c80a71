// What `activate` returns. Other extensions and the integration tests read results through it, since VS Code has no
// public API to read Test Explorer results back.
import type * as vscode from 'vscode';
import type { InlineResult } from './testing/inlineResults';
import type { RunLogEntry } from './testing/runLog';

/** The workspace root and store folder that serve a file. */
export interface EngineInfo {
  readonly workspaceRoot: string;
  readonly storeDir: string;
  readonly trusted: boolean;
}

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
  engineFor(uri: vscode.Uri): Promise<EngineInfo>;
  /** How the code was loaded: `activate()` loads only the activation bundle, the features bundle comes on first use. */
  readonly loading: {
    /** File names of the extension's bundles (under dist/) that were loaded when `activate()` returned. */
    readonly bundlesAtActivation: readonly string[];
    /** File names of the extension's bundles loaded now. */
    bundles(): readonly string[];
    /** What first needed the features bundle ("command promptops.runTests", "open a.prompt", …), if anything did. */
    featuresTrigger(): string | undefined;
  };
}
