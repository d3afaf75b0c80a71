// A small, strict argument parser: declared options only, clear messages, no dependency.

/** A mistake on the command line; the CLI prints it with a hint and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Long name without dashes (`concurrency`). */
  readonly name: string;
  readonly short?: string;
  /** `flag` takes no value; `string` takes one; `list` takes one and may repeat. */
  readonly kind: 'flag' | 'string' | 'list';
  /** For flags: `--no-<name>` sets it false. */
  readonly negatable?: boolean;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlyMap<string, boolean>;
  readonly strings: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

/** Parses argv against the specs; `--` ends options; `--name=value` and `-j8` forms are accepted. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short !== undefined).map((s) => [s.short as string, s]));
  const positionals: string[] = [];
  const flags = new Map<string, boolean>();
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();

  const take = (spec: OptionSpec, inline: string | undefined, i: number, shown: string): number => {
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`option ${shown} takes no value`);
      flags.set(spec.name, true);
      return i;
    }
    let value = inline;
    let next = i;
    if (value === undefined) {
      next = i + 1;
      value = argv[next];
      if (value === undefined || (value.startsWith('-') && value !== '-' && !/^-\d/.test(value))) {
        throw new UsageError(`option ${shown} needs a value`);
      }
    }
    if (spec.kind === 'string') {
      if (strings.has(spec.name)) throw new UsageError(`option ${shown} was given twice`);
      strings.set(spec.name, value);
    } else lists.set(spec.name, [...(lists.get(spec.name) ?? []), value]);
    return next;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      const spec = byLong.get(name);
      if (spec === undefined && name.startsWith('no-')) {
        const negated = byLong.get(name.slice(3));
        if (negated?.kind === 'flag' && negated.negatable === true && inline === undefined) {
          flags.set(negated.name, false);
          continue;
        }
      }
      if (spec === undefined) throw new UsageError(`unknown option --${name}${suggest(name, [...byLong.keys()])}`);
      i = take(spec, inline, i, `--${name}`);
    } else if (arg.startsWith('-') && arg.length > 1) {
      const short = arg[1];
      const spec = byShort.get(short);
      if (spec === undefined) throw new UsageError(`unknown option -${short}`);
      const rest = arg.slice(2);
      if (spec.kind === 'flag' && rest !== '') {
        // Bundled short flags (`-xy`) are not supported; saying so beats guessing.
        throw new UsageError(`option -${short} takes no value`);
      }
      i = take(spec, rest === '' ? undefined : rest.replace(/^=/, ''), i, `-${short}`);
    } else positionals.push(arg);
  }
  return { positionals, flags, strings, lists };
}

/** Reads a positive integer option, or undefined when absent. */
export function intOption(args: ParsedArgs, name: string, min = 1, max = 10_000): number | undefined {
  const raw = args.strings.get(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** Parses repeated `--var k=v`; values that look like JSON (numbers, booleans, arrays, objects) are decoded. */
export function varsOption(args: ParsedArgs): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const item of args.lists.get('var') ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var expects name=value, got "${item}"`);
    const raw = item.slice(eq + 1);
    vars[item.slice(0, eq)] = decodeValue(raw);
  }
  return vars;
}

function decodeValue(raw: string): unknown {
  if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(raw) || /^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

function suggest(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined ? ` (did you mean --${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
