// The names a workspace config file goes by. Free of the config's schema and parser (zod, yaml), so the extension's
// activation bundle can recognise a config file without loading them.

/** The config file's names, the preferred first: `loadConfig` reads either, and a folder with both is a problem. */
export const configFileNames: readonly string[] = ['promptops.config.yaml', 'promptops.config.yml'];

/** Whether a file's name (its last path segment) is a config file's. */
export function isConfigFileName(name: string): boolean {
  return configFileNames.includes(name);
}
