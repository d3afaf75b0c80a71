// The indexed keys and sequence items of the frontmatter YAML, found by their place in the tree rather than by a path
// string: the checks look up thousands of ranges per parse (each test's vars and assertions), and building, flattening
// and hashing a path string for each lookup cost more than the rest of those checks. When the key paths are ambiguous
// (a key that is empty or holds `.` or `[`, or two keys of one mapping with the same text) the index answers from a
// map of the paths, built as it always was, so every lookup answers what a lookup of the key path string answers.
import { NodeInfo } from './yamlNodeInfo';

/** A node of the index, as `child` returns it: opaque to callers (a tree place, or the key path when ambiguous). */
export type NodeRef = number | string;

/** The ref of a place the tree does not have. */
const NONE = -2;
/** The ref of the document itself. */
const TOP = -1;
/** Canonical item numbers, as `${i}` writes them; longer ones cannot name an item. */
const ITEM_NUMBER = /^(?:0|[1-9][0-9]{0,14})$/;
/** Room reserved at most (V8 makes an array created at a length past about 100,000 a slow dictionary). */
const MAX_RESERVED = 20_000;
/** What a reserved place holds until its info is known. */
const RESERVED = new NodeInfo('', -1, 0, -1, 0, -1, 0, -1, 0);

/** Collects the nodes of one YAML text in document order (each node before the nodes below it). */
export class NodeIndexBuilder {
  readonly infos: NodeInfo[];
  /** Each node's key, or its item number. */
  readonly names: (string | number)[];
  /** Each node's subtree end: the index of the next node that is not below it. */
  readonly ends: number[];
  /** How many nodes there are (the arrays may be longer: room reserved, or nodes a failed read left). */
  size = 0;
  /** How many names make key paths ambiguous (a chunk read in place is plain when it added none). */
  nonPlain = 0;
  private marked = false;

  /**
   * `capacity`: room for that many nodes, made at once (arrays that grow by pushes are copied and reallocated about
   * ten times on their way to a thousand nodes); build() gives them back their exact length.
   */
  constructor(capacity = 0) {
    const room = Math.min(capacity, MAX_RESERVED);
    this.infos = room > 0 ? new Array<NodeInfo>(room) : [];
    this.names = room > 0 ? new Array<string | number>(room) : [];
    this.ends = room > 0 ? new Array<number>(room) : [];
  }

  /** False once a name makes key paths ambiguous; callers report duplicate keys with `ambiguous()`. */
  get plain(): boolean {
    return this.nonPlain === 0 && !this.marked;
  }

  /** Adds a node and returns its index; `close` it after the nodes below it are added. */
  open(info: NodeInfo, name: string | number): number {
    const at = this.size++;
    this.infos[at] = info;
    this.names[at] = name;
    this.ends[at] = at + 1;
    if (typeof name === 'string' && !plainName(name)) this.nonPlain++;
    return at;
  }

  close(at: number): void {
    this.ends[at] = this.size;
  }

  /**
   * Adds a node whose info is known only once the nodes below it are read (its value's end); `fill` gives it.
   * `plain` is plainName(name), which the reader knows from its scan of the key.
   */
  reserve(name: string | number, plain: boolean): number {
    const at = this.size++;
    this.infos[at] = RESERVED;
    this.names[at] = name;
    this.ends[at] = at + 1;
    if (!plain) this.nonPlain++;
    return at;
  }

  /** Gives a reserved node its info, after the nodes below it. */
  fill(at: number, info: NodeInfo): void {
    this.infos[at] = info;
    this.ends[at] = this.size;
  }

  /** Forgets the nodes added since the builder had `size` nodes and `nonPlain` ambiguous names (a read that failed). */
  truncate(size: number, nonPlain: number): void {
    this.size = size;
    this.nonPlain = nonPlain;
  }

  /**
   * Adds `count` nodes collected by another builder (a cached chunk): its names and subtree ends from `from`, its
   * infos from `infoFrom` of `infos` (a moved chunk has infos of its own); `first`'s name replaced when given.
   */
  append(infos: readonly NodeInfo[], infoFrom: number, names: readonly (string | number)[], ends: readonly number[], from: number,
    count: number, plain: boolean, first?: number): void {
    const base = this.size;
    const shift = base - from;
    for (let k = 0; k < count; k++) {
      this.infos[base + k] = infos[infoFrom + k];
      this.names[base + k] = names[from + k];
      this.ends[base + k] = ends[from + k] + shift;
    }
    if (first !== undefined && count > 0) this.names[base] = first;
    this.size = base + count;
    if (!plain) this.nonPlain++;
  }

  /** Marks the paths ambiguous (two keys of one mapping read to the same text). */
  ambiguous(): void {
    this.marked = true;
  }

  /** The mapping keys, in document order (a key's info is its entry). */
  keyList(): NodeInfo[] {
    const { infos, size } = this;
    let n = 0;
    for (let i = 0; i < size; i++) if (infos[i].isKey) n++;
    // Counted first, so that the list is made at its size.
    const keys = new Array<NodeInfo>(n);
    let k = 0;
    for (let i = 0; i < size; i++) if (infos[i].isKey) keys[k++] = infos[i];
    return keys;
  }

  /** The index of the nodes; the builder is done with. */
  build(): NodeIndex {
    const { infos, names, ends, size } = this;
    if (infos.length !== size) {
      infos.length = size;
      names.length = size;
      ends.length = size;
    }
    return new NodeIndex(infos, names, ends, this.plain);
  }
}

/** A key name that cannot make two paths equal: `a.b` (key or nesting?), `a[0]` (key or item?), or an empty key. */
export function plainName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 46 || c === 91) return false;
  }
  return name.length > 0;
}

/**
 * The nodes of one YAML text by place. `get(path)` answers as a map from key paths (`tests[0].vars.x`) to infos
 * would, where the first of two keys with the same path wins and a later item with the same path replaces an earlier
 * one; iterating yields that map's entries in its order.
 */
export class NodeIndex implements Iterable<[string, NodeInfo]> {
  /** The document: `child(root, 'model')` is the top-level key `model`. */
  readonly root: NodeRef;
  private byPath?: Map<string, NodeInfo>;
  /** Where the last `child` lookup under `hintParent` stopped; callers mostly ask for siblings in order. */
  private hintParent = NONE;
  private hintNext = 0;

  constructor(private readonly infos: readonly NodeInfo[], private readonly names: readonly (string | number)[],
    private readonly ends: readonly number[], private readonly plain: boolean) {
    this.root = plain ? TOP : '';
  }

  /** An index of no nodes. */
  static empty(): NodeIndex {
    return new NodeIndex([], [], [], true);
  }

  /** The key `seg` of a mapping, or the item `seg` of a sequence; a ref of nothing when there is none. */
  child(ref: NodeRef, seg: string | number): NodeRef {
    if (typeof ref === 'string') return typeof seg === 'number' ? `${ref}[${seg}]` : ref ? `${ref}.${seg}` : seg;
    if (ref === NONE) return NONE;
    // `a.b` as one step is the path `a` then `b` to a map of paths; no node has such a name here (see plainName).
    if (typeof seg === 'string' && !plainName(seg)) return this.refOf(ref === TOP ? seg : `${this.infos[ref].path}.${seg}`);
    const { names, ends } = this;
    const first = ref + 1;
    const end = ref === TOP ? names.length : ends[ref];
    const from = this.hintParent === ref ? this.hintNext : first;
    for (let c = from; c < end; c = ends[c]) if (names[c] === seg) return this.found(ref, c);
    for (let c = first; c < from; c = ends[c]) if (names[c] === seg) return this.found(ref, c);
    return NONE;
  }

  /** The info of a ref, if the YAML has that node. */
  info(ref: NodeRef): NodeInfo | undefined {
    if (typeof ref === 'string') return this.pathMap().get(ref);
    return ref >= 0 ? this.infos[ref] : undefined;
  }

  /** The info of a key path (`tests[0].assert[1].type`). */
  get(path: string): NodeInfo | undefined {
    return this.plain ? this.info(this.refOf(path)) : this.pathMap().get(path);
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  get size(): number {
    return this.plain ? this.infos.length : this.pathMap().size;
  }

  *[Symbol.iterator](): IterableIterator<[string, NodeInfo]> {
    if (!this.plain) {
      yield* this.pathMap();
      return;
    }
    for (const info of this.infos) yield [info.path, info];
  }

  private found(parent: number, c: number): number {
    this.hintParent = parent;
    this.hintNext = this.ends[c];
    return c;
  }

  /** The ref a path names when no name holds `.` or `[`: keys run to the next `.` or `[`, items are `[n]`. */
  private refOf(path: string): NodeRef {
    let ref: NodeRef = TOP;
    let i = 0;
    const n = path.length;
    let afterDot = false;
    for (;;) {
      if (path.charCodeAt(i) === 91 && !afterDot) {
        const close = path.indexOf(']', i);
        const digits = close < 0 ? '' : path.slice(i + 1, close);
        if (!ITEM_NUMBER.test(digits)) return NONE;
        ref = this.child(ref, Number(digits));
        i = close + 1;
      } else {
        let e = i;
        while (e < n && path.charCodeAt(e) !== 46 && path.charCodeAt(e) !== 91) e++;
        if (e === i) return NONE;
        ref = this.child(ref, path.slice(i, e));
        i = e;
      }
      if (ref === NONE || i === n) return ref;
      // After a name comes `.name` or `[n]`.
      afterDot = path.charCodeAt(i) === 46;
      if (afterDot) i++;
      else if (path.charCodeAt(i) !== 91) return NONE;
    }
  }

  private pathMap(): Map<string, NodeInfo> {
    if (this.byPath) return this.byPath;
    const map = new Map<string, NodeInfo>();
    for (const info of this.infos) {
      // A key keeps the first node of its path (duplicate keys), an item the last.
      if (!info.isKey) map.set(info.path, info);
      else if (!map.has(info.path)) map.set(info.path, info);
    }
    this.byPath = map;
    return map;
  }
}
