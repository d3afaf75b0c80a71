// Messages between the extension host and the rendered-prompt preview. Types only; both sides `import type` them.

/** Where the vars come from: the file's `input.default`, or one test's `vars` (merged over the defaults). */
export interface PreviewSource {
  readonly id: string;
  readonly label: string;
}

export type PreviewPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'media'; readonly url: string; readonly contentType?: string };

export interface PreviewMessage {
  readonly role: string;
  readonly parts: readonly PreviewPart[];
}

export interface PreviewSnapshot {
  /** The previewed document, for the webview's saved state. */
  readonly uri: string;
  readonly fileName: string;
  readonly sources: readonly PreviewSource[];
  readonly selectedSource: string;
  readonly model?: string;
  readonly messages: readonly PreviewMessage[];
  /** `1,234 tokens` or `~1,234 tokens (estimate)`. */
  readonly tokens?: string;
  /** Why the prompt did not render with the selected vars; messages is empty then. */
  readonly error?: string;
}

export type HostToPreviewMessage = { readonly type: 'update'; readonly snapshot: PreviewSnapshot };

export type PreviewToHostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'selectSource'; readonly id: string };

/** What the webview persists with setState, to restore the chosen vars after a reload. */
export interface PreviewViewState {
  readonly uri: string;
  readonly selectedSource: string;
}
