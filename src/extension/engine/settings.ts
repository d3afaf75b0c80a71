// VS Code settings merged with promptops.config.yaml. One precedence, documented in the README: what the config file
// sets wins (the CLI and CI read only the file, so a run means the same everywhere); settings fill in what the file
// leaves out; built-in defaults come last. Provider entries from user settings are the user's own endpoints; entries
// from workspace settings are treated like the workspace config file (a key goes there only after approval).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../core/config/config';
import type { ConfigProblem, PromptOpsConfig, ProviderConfig } from '../../core/config/types';

export const SECTION = 'promptops';

/** Top-level keys and cache keys that a config file text sets explicitly. */
export function keysSetByFile(text: string | undefined): { top: Set<string>; cache: Set<string> } {
  const top = new Set<string>();
  const cache = new Set<string>();
  if (text === undefined) return { top, cache };
  try {
    const data: unknown = parseYaml(text, { maxAliasCount: 100 });
    if (data !== null && typeof data === 'object') {
      for (const k of Object.keys(data)) top.add(k);
      const c = (data as Record<string, unknown>)['cache'];
      if (c !== null && typeof c === 'object') for (const k of Object.keys(c)) cache.add(k);
    }
  } catch {
    // A broken file is reported by loadConfig with its line; here it simply sets nothing.
  }
  return { top, cache };
}

/** Provider entries from settings, validated with the config file's own rules. */
function settingsProviders(value: unknown, label: string, source: 'user' | 'workspace'): { providers: Record<string, ProviderConfig>; problems: string[] } {
  if (value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0)) return { providers: {}, problems: [] };
  const parsed = parseConfig(JSON.stringify({ providers: value }), path.join(path.sep, label));
  const providers: Record<string, ProviderConfig> = {};
  for (const [name, p] of Object.entries(parsed.config.providers)) {
    const { configFile: _ignored, ...rest } = p;
    providers[name] = { ...rest, source, configFile: label };
  }
  return { providers, problems: parsed.problems.map((p: ConfigProblem) => `${label}: promptops.${p.path}: ${p.message}`) };
}

/** The effective config for a folder: file over settings over defaults. */
export function mergeSettings(
  fileConfig: PromptOpsConfig,
  fileText: string | undefined,
  scope: vscode.Uri,
  workspaceRoot: string,
): { config: PromptOpsConfig; problems: string[]; cacheDirFrom: 'file' | 'user settings' | 'workspace settings' | 'default' } {
  const s = vscode.workspace.getConfiguration(SECTION, scope);
  const set = keysSetByFile(fileText);
  const problems: string[] = [];
  const inspected = s.inspect<Record<string, unknown>>('providers');
  const user = settingsProviders(inspected?.globalValue, 'User settings', 'user');
  const workspace = settingsProviders(inspected?.workspaceFolderValue ?? inspected?.workspaceValue, 'Workspace settings', 'workspace');
  problems.push(...user.problems, ...workspace.problems);
  const providers = { ...user.providers, ...workspace.providers, ...fileConfig.providers };

  const pick = <T>(fileKey: boolean, fileValue: T, settingKey: string): T => {
    if (fileKey) return fileValue;
    const v = s.get<T>(settingKey);
    return v === undefined || v === '' ? fileValue : v;
  };
  const cacheDirSetting = s.get<string>('cache.dir');
  const cacheDir = set.cache.has('dir') || !cacheDirSetting
    ? fileConfig.cache.dir
    : path.join(path.resolve(workspaceRoot, cacheDirSetting), 'cache');
  const dirInspected = s.inspect<string>('cache.dir');
  const cacheDirFrom = set.cache.has('dir') ? 'file'
    : !cacheDirSetting ? 'default'
      : (dirInspected?.workspaceFolderValue ?? dirInspected?.workspaceValue) !== undefined ? 'workspace settings' : 'user settings';
  const config: PromptOpsConfig = {
    ...fileConfig,
    providers,
    defaultModel: pick(set.top.has('defaultModel'), fileConfig.defaultModel, 'defaultModel'),
    grader: pick(set.top.has('grader'), fileConfig.grader, 'grader'),
    concurrency: pick(set.top.has('concurrency'), fileConfig.concurrency, 'concurrency'),
    cache: {
      dir: cacheDir,
      ttlDays: pick(set.cache.has('ttlDays'), fileConfig.cache.ttlDays, 'cache.ttlDays'),
      maxSizeMB: pick(set.cache.has('maxSizeMB'), fileConfig.cache.maxSizeMB, 'cache.maxSizeMB'),
    },
  };
  return { config, problems, cacheDirFrom };
}
