// The two questions of Compare Versions…: a left version, then a right one from the versions left over, so the pair
// can never be one version against itself. Free of the VS Code API, so the flow is unit-tested with a fake picker.
import type { PromptVersion } from '../../core/versions/versions';

export interface VersionItem {
  readonly label: string;
  readonly description?: string;
  readonly id: string;
}

/** Shows items under a title and resolves with the chosen item's id (undefined when dismissed). */
export type PickOne = (items: readonly VersionItem[], title: string) => Promise<string | undefined>;

function itemsOf(versions: readonly PromptVersion[], exclude?: string): VersionItem[] {
  return versions.filter((v) => v.id !== exclude).map((v) => (v.ref.kind === 'commit' && v.author ? { label: v.label, description: v.author, id: v.id } : { label: v.label, id: v.id }));
}

/** Asks for the left then the right version (never the left one again); undefined when either question is dismissed. */
export async function pickVersionPair(versions: readonly PromptVersion[], pickOne: PickOne): Promise<{ left: string; right: string } | undefined> {
  const left = await pickOne(itemsOf(versions), 'Compare: left version');
  if (left === undefined) return undefined;
  const leftLabel = versions.find((v) => v.id === left)?.label ?? left;
  const right = await pickOne(itemsOf(versions, left), `Compare ${leftLabel} with…`);
  return right === undefined ? undefined : { left, right };
}
