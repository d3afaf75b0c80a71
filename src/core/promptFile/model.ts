// The document model of a parsed `.prompt` file. Shared contract: parse produces it, everything else reads it.
// Positions are 0-based (line, UTF-16 character), as in LSP and VS Code.

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A problem found in a prompt file, with a stable code (e.g. `PO1003`) and an exact range. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly range: Range;
  readonly message: string;
  /** Machine-readable facts for quick fixes (e.g. `{ suggestion: 'contains' }`, `{ variable: 'name' }`). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A value read from YAML with the range of its key and of its value. */
export interface Located<T> {
  readonly value: T;
  readonly range: Range;
  readonly keyRange?: Range;
}

export interface AssertionSpec {
  /** As written, including a `not-` prefix. */
  readonly type: string;
  readonly value?: unknown;
  readonly threshold?: number;
  readonly weight?: number;
  /** Grader for `llm-rubric`, as `provider/model`. */
  readonly provider?: string;
  /** Every field as written, so assertion modules can read their own options. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The whole assertion item in the YAML. */
  readonly range: Range;
  /** The value of its `type` key. */
  readonly typeRange: Range;
}

export interface TestSpec {
  readonly name: string;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Model overrides as `provider/model`; several means the test runs on each. */
  readonly models?: readonly string[];
  readonly repeat?: number;
  readonly threshold?: number;
  readonly cache?: boolean;
  readonly assert: readonly AssertionSpec[];
  /** `file:` dataset reference, relative to the prompt file; each row becomes a case (vars merged over `vars`). */
  readonly dataset?: Located<string>;
  /** The whole test item in the YAML. */
  readonly range: Range;
  /** The value of its `name` key (or the item's first line when unnamed). */
  readonly nameRange: Range;
  /**
   * The range of the key `name` inside `vars`, looked up when asked (for rename and diagnostics). A method of the
   * parsed spec: a copy made by spreading it does not have it, so pass the spec itself.
   */
  varRange(name: string): Range | undefined;
}

export type Role = 'system' | 'user' | 'model' | 'tool';

/** A role section of the body: from a `{{role "x"}}` marker (or the start of the body) to the next marker. */
export interface RoleSection {
  readonly role: Role;
  readonly range: Range;
  /** The marker itself; absent for the implicit leading section. */
  readonly markerRange?: Range;
}

export type TemplateNodeKind = 'variable' | 'helper' | 'block' | 'partial' | 'comment';

/** A Handlebars node of the body, with its source range in the whole file. */
export interface TemplateNode {
  readonly kind: TemplateNodeKind;
  /** Path or helper/partial name as written (`name`, `user.name`, `this`, `@index`, `role`, `_header`). */
  readonly name: string;
  readonly range: Range;
  /** Range of just the name inside the node. */
  readonly nameRange: Range;
  /** Enclosing `#each`/`#with` block names, innermost last (for `this`/`@index` scoping). */
  readonly scopes: readonly string[];
}

export interface InputVariable {
  readonly name: string;
  /** JSON Schema type, or a Picoschema type as written. */
  readonly type?: string;
  readonly description?: string;
  readonly optional: boolean;
  readonly default?: unknown;
  /** The key in `input.schema`. */
  readonly range: Range;
}

export interface PromptDocument {
  readonly text: string;
  /** The frontmatter data as YAML parsed it (null when absent or unparseable). */
  readonly frontmatter: Readonly<Record<string, unknown>> | null;
  /** The whole frontmatter block including the `---` fences; absent when the file has none. */
  readonly frontmatterRange?: Range;
  /** The template body. */
  readonly body: string;
  readonly bodyRange: Range;
  /** Offset of the body in `text`, to map template positions back to the file. */
  readonly bodyOffset: number;
  readonly model?: Located<string>;
  readonly config: Readonly<Record<string, unknown>>;
  /** `input.schema` as JSON Schema (Picoschema converted), or undefined when none is declared. */
  readonly inputSchema?: Readonly<Record<string, unknown>>;
  readonly inputDefaults: Readonly<Record<string, unknown>>;
  readonly inputs: readonly InputVariable[];
  readonly output: { readonly format: 'text' | 'json'; readonly schema?: Readonly<Record<string, unknown>> };
  readonly tests: readonly TestSpec[];
  readonly sections: readonly RoleSection[];
  readonly templateNodes: readonly TemplateNode[];
  /** Partial names referenced by `{{> name}}`. */
  readonly partials: readonly Located<string>[];
  /** Every frontmatter key path (`model`, `config.temperature`, `tests[0].assert[1].type`) with its ranges. */
  readonly keys: readonly { readonly path: string; readonly keyRange: Range; readonly valueRange?: Range }[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A media part as Dotprompt returns it. */
export interface MediaPart {
  readonly media: { readonly url: string; readonly contentType?: string };
}

export interface TextPart {
  readonly text: string;
}

export type Part = TextPart | MediaPart;

export interface Message {
  readonly role: Role;
  readonly content: readonly Part[];
  /** As Dotprompt sets it, e.g. `{ purpose: 'history' }` on messages inserted by `{{history}}`. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface RenderedPrompt {
  readonly messages: readonly Message[];
  /** `provider/model`, from the test override, the file, or the configured default. */
  readonly model?: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly output: { readonly format: 'text' | 'json'; readonly schema?: Readonly<Record<string, unknown>> };
  /** The vars after defaults were applied and the schema validated them. */
  readonly vars: Readonly<Record<string, unknown>>;
}
