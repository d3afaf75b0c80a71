// Writes dist/schemas/prompt-frontmatter.schema.json from the zod schema in src/core/promptFile/schema.ts, so the
// shipped JSON Schema can never drift from the validator. Usage: node scripts/promptSchema.mjs (build.mjs calls it).
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SCHEMA_OUT = 'dist/schemas/prompt-frontmatter.schema.json';

/** Bundles schema.ts, calls frontmatterJsonSchema() and writes the JSON Schema file; returns its path. */
export async function writePromptSchema(out = SCHEMA_OUT) {
  const dir = mkdtempSync(join(tmpdir(), 'promptops-schema-'));
  try {
    const bundle = join(dir, 'schema.cjs');
    await esbuild.build({
      entryPoints: ['src/core/promptFile/schema.ts'], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning',
    });
    const { frontmatterJsonSchema } = createRequire(import.meta.url)(bundle);
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(frontmatterJsonSchema(), null, 2)}\n`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`wrote ${await writePromptSchema()}`);
}
