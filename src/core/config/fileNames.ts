// The names a workspace config file goes by. Free of the config's schema and parser (zod, yaml), so the extension's
// activation bundle can recognise a config file without loading them.

/** `promptops.config.yaml`, the name `loadConfig` reads; `.yml` marks a config root and is checked in the editor too. */
export const configFileNames: readonly string[] = ['promptops.config.yaml', 'promptops.config.yml'];

/** Whether a file's name (its last path segment) is a config file's. */
export function isConfigFileName(name: string): boolean {
  return configFileNames.includes(name);
}
