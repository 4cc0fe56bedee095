/**
 * Mutations of an 835, each a pure function of the text and the seeded Random: byte flips, truncation,
 * duplicated and dropped segments, swapped delimiters, 100 KB elements (and long ones within a reader's
 * bound), and deeply nested or repeated loops. A mutation that needs segments falls back to byte flips
 * when the file has no readable delimiters (binary garbage, an empty file), so every case is still a case.
 */
import { type Layout, idOf, indexesOf, joinLayout, layoutOf, loopAt } from './layout';
import { type Random } from './random';

export interface Mutated {
  text: string;
  /** What was done, for the failure report ("drop segments 12-14"). */
  what: string;
}

type Mutator = (text: string, r: Random) => Mutated;
type SegmentMutator = (layout: Layout, r: Random) => Mutated | undefined;

/** Characters that mean something to a reader: delimiters, line breaks, NUL, a BOM's first byte, high bytes. */
const SPECIAL = ['*', '~', ':', '^', '|', '\n', '\r', '\u0000', '\u00ef', '\u00ff', ' ', '0', '-', '.'];

const flipBytes: Mutator = (text, r) => {
  if (text.length === 0) return { text: String.fromCharCode(r.int(256)), what: 'flip: one random byte into an empty file' };
  const chars = text.split('');
  const at: number[] = [];
  for (let n = r.between(1, 4); n > 0; n--) {
    const i = r.int(chars.length);
    const c = chars[i]!.charCodeAt(0);
    const how = r.int(3);
    chars[i] = how === 0 ? String.fromCharCode(c ^ (1 << r.int(8))) : how === 1 ? String.fromCharCode(r.int(256)) : r.pick(SPECIAL);
    at.push(i);
  }
  return { text: chars.join(''), what: `flip: bytes at ${at.join(',')}` };
};

const truncate: Mutator = (text, r) => {
  const at = r.int(text.length + 1);
  return { text: text.slice(0, at), what: `truncate: at byte ${at} of ${text.length}` };
};

/** A range of 1–5 segments, not running past the end. */
function range(layout: Layout, r: Random): [number, number] {
  const from = r.int(layout.segments.length);
  return [from, Math.min(layout.segments.length, from + r.between(1, 5))];
}

const duplicateSegments: SegmentMutator = (layout, r) => {
  const [from, to] = range(layout, r);
  const copies = r.between(1, 3);
  const block = layout.segments.slice(from, to);
  const at = r.chance(0.5) ? to : r.int(layout.segments.length + 1);
  const segments = inserted(layout.segments, at, repeated(block, copies));
  return { text: joinLayout(layout, segments), what: `${copies} copies of segments ${from}-${to - 1} at ${at}` };
};

const dropSegments: SegmentMutator = (layout, r) => {
  const [from, to] = range(layout, r);
  const segments = [...layout.segments];
  segments.splice(from, to - from);
  return { text: joinLayout(layout, segments), what: `drop segments ${from}-${to - 1}` };
};

/** segments with `block` inserted at `at` (splice with a spread argument list overflows the stack on big blocks). */
function inserted(segments: readonly string[], at: number, block: readonly string[]): string[] {
  return segments.slice(0, at).concat(block, segments.slice(at));
}

/** `block` repeated `times` times, as one list. */
function repeated(block: readonly string[], times: number): string[] {
  const out: string[] = [];
  for (let n = 0; n < times; n++) for (const s of block) out.push(s);
  return out;
}

function swapAll(text: string, a: string, b: string): string {
  let out = '';
  for (const c of text) out += c === a ? b : c === b ? a : c;
  return out;
}

const swapDelimiters: SegmentMutator = (layout, r) => {
  const text = joinLayout(layout, layout.segments);
  const { element, component, terminator } = layout;
  switch (r.int(5)) {
    case 0:
      return { text: swapAll(text, element, component), what: 'swap element and component separators' };
    case 1:
      return { text: swapAll(text, element, terminator), what: 'swap element separator and segment terminator' };
    case 2: {
      const other = r.pick(['\n', '|', '*', ':', '^', '!', '~', '\r\n']);
      return { text: layout.segments.join(other), what: `segment terminator replaced by ${JSON.stringify(other)}` };
    }
    case 3: {
      // The envelope declares one element separator, the body uses another.
      const other = r.pick(['|', '^', '+', '!', ':']);
      const [head, ...body] = layout.segments;
      return { text: [head, ...body.map((s) => s.split(element).join(other))].join(terminator), what: `body element separator ${other}` };
    }
    default: {
      // ISA16 names a component separator that the composites do not use.
      const other = r.pick(['>', '\\', '^', '*', '~']);
      const isa = layout.segments[0] ?? '';
      return { text: [isa.slice(0, -1) + other, ...layout.segments.slice(1)].join(terminator), what: `ISA16 component separator ${other}` };
    }
  }
};

/** Ids whose elements reach classification, identity or money: where a huge element costs the most. */
const HOT = ['CAS', 'CLP', 'SVC', 'LQ', 'MOA', 'MIA', 'NM1', 'N1', 'REF', 'DTM', 'TRN', 'BPR', 'PLB', 'AMT', 'ISA', 'ST'];
const HOT_IDS = new Set(HOT);

/** A string of `n` characters shaped to hurt: backtracking regexes, digit loops, composites, whitespace collapsing. */
function longValue(layout: Layout, r: Random, original: string, n: number): [string, string] {
  switch (r.int(8)) {
    case 0:
      return ['0'.repeat(n - 1) + 'X', `${n} zeros then X`];
    case 1:
      return ['1'.repeat(n), `${n} digits`];
    case 2:
      return ['A'.repeat(n), `${n} letters`];
    case 3:
      return ['1.' + '0'.repeat(n - 3) + '5', `decimal with ${n - 2} decimals`];
    case 4:
      return ['A \t'.repeat(Math.floor(n / 3)), `${n} characters of letters and blanks`];
    case 5:
      return [(layout.component + 'X').repeat(Math.floor(n / 2)), `${n} characters of components`];
    case 6:
      return [(original || 'Z').repeat(Math.ceil(n / Math.max(1, original.length))).slice(0, n), `the value repeated to ${n} characters`];
    default:
      return ['-' + '9'.repeat(n - 1), `minus and ${n - 1} nines`];
  }
}

/**
 * One element (or one past the last) of a segment, mostly one whose elements reach classification,
 * identity or money, replaced by a long value of min to max characters.
 */
function longElement(min: number, max: number): SegmentMutator {
  return (layout, r) => {
    const hot = indexesOf(layout, HOT_IDS);
    const index = hot.length > 0 && r.chance(0.8) ? r.pick(hot) : r.int(layout.segments.length);
    const elements = (layout.segments[index] as string).split(layout.element);
    const at = r.between(1, Math.max(1, elements.length));
    const [value, shape] = longValue(layout, r, elements[at] ?? '', r.between(min, max));
    elements[at] = value;
    const segments = [...layout.segments];
    segments[index] = elements.join(layout.element);
    return { text: joinLayout(layout, segments), what: `element ${at} of segment ${index} (${idOf(layout, segments[index] as string)}) is ${shape}` };
  };
}

const OPENERS = new Set(['ISA', 'GS', 'ST']);
const CLAIM_ENDERS = new Set(['CLP', 'LX', 'PLB', 'SE', 'GE', 'IEA']);
const LINE_ENDERS = new Set(['SVC', ...CLAIM_ENDERS]);

/**
 * Repeats of `block` that add at most 1 MB, a few times the largest corpus file: the shape is what is
 * under test, and reading takes time linear in size, so more bytes would only measure the disk and the
 * garbage collector (a block holding a 100 KB element went from thousands of repeats to ten; a 4 MB
 * single claim took 0.5 s in a run and 1.5 s in a fresh process, all of it linear).
 */
function within(times: number, block: readonly string[]): number {
  const size = block.reduce((n, s) => n + s.length + 1, 0);
  return Math.max(1, Math.min(times, Math.floor(1_000_000 / Math.max(1, size))));
}

/**
 * The envelope openers (ISA, GS, ST) nested hundreds to thousands deep, or a claim or service-line loop
 * repeated: up to 1,000 service lines in one claim (the implementation guide's limit is 999), each
 * possibly with a thousand repeats of its CAS, LQ and REF segments (its limit is 99).
 */
const deepNesting: SegmentMutator = (layout, r) => {
  const segments = layout.segments;
  const kind = r.int(4);
  if (kind === 0) {
    // Envelopes opened inside each other, never closed.
    const openers = indexesOf(layout, OPENERS).map((i) => segments[i] as string);
    if (openers.length === 0) return undefined;
    const depth = within(r.between(100, 2000), openers);
    const at = r.int(segments.length + 1);
    return { text: joinLayout(layout, inserted(segments, at, repeated(openers, depth))), what: `${depth} nested ${openers.map((s) => idOf(layout, s)).join('/')} openers at ${at}` };
  }
  const starts = indexesOf(layout, new Set([kind === 1 ? 'CLP' : 'SVC']));
  if (starts.length === 0) return undefined;
  const [from, to] = loopAt(layout, r.pick(starts), kind === 1 ? CLAIM_ENDERS : LINE_ENDERS);
  const loop = segments.slice(from, to);
  if (kind === 3) {
    // One service line's adjustments and remarks repeated inside itself: one claim with thousands of them.
    const inner = loop.slice(1);
    const times = within(r.between(100, 1000), inner);
    return { text: joinLayout(layout, inserted(segments, to, repeated(inner, times))), what: `the body of the service line at ${from} repeated ${times} times` };
  }
  const times = within(r.between(kind === 1 ? 20 : 100, kind === 1 ? 300 : 1000), loop);
  return { text: joinLayout(layout, inserted(segments, to, repeated(loop, times))), what: `the ${kind === 1 ? 'claim' : 'service line'} loop at ${from} repeated ${times} times` };
};

function onSegments(name: string, mutate: SegmentMutator): Mutator {
  return (text, r) => {
    const layout = layoutOf(text);
    const done = layout === undefined || layout.segments.length === 0 ? undefined : mutate(layout, r);
    if (done !== undefined) return { text: done.text, what: `${name}: ${done.what}` };
    const flipped = flipBytes(text, r);
    return { text: flipped.text, what: `${name} not applicable; ${flipped.what}` };
  };
}

/** Name and weight of each mutation; the heavy ones (huge, nested) are rarer so a run stays quick. */
export const MUTATORS: readonly { name: string; weight: number; mutate: Mutator }[] = [
  { name: 'flip', weight: 4, mutate: flipBytes },
  { name: 'truncate', weight: 2, mutate: truncate },
  { name: 'duplicate', weight: 3, mutate: onSegments('duplicate', duplicateSegments) },
  { name: 'drop', weight: 3, mutate: onSegments('drop', dropSegments) },
  { name: 'delimiters', weight: 2, mutate: onSegments('delimiters', swapDelimiters) },
  // 60–100 KB: far past any bound a reader should have.
  { name: 'huge', weight: 2, mutate: onSegments('huge', longElement(60_000, 100_000)) },
  // 3 to 3,000 characters: past what a field's consumers accept (a 6-character reason code, a 400-digit
  // quantity) yet within a reader's element bound, so it reaches them.
  { name: 'long', weight: 2, mutate: onSegments('long', longElement(3, 3000)) },
  { name: 'nest', weight: 1, mutate: onSegments('nest', deepNesting) },
];

const TOTAL_WEIGHT = MUTATORS.reduce((n, m) => n + m.weight, 0);

function pickMutator(r: Random): Mutator {
  let ticket = r.int(TOTAL_WEIGHT);
  for (const m of MUTATORS) {
    if (ticket < m.weight) return m.mutate;
    ticket -= m.weight;
  }
  throw new Error('unreachable: the weights add up');
}

/**
 * One to three mutations in a row (mostly one: each more makes a file likelier to be rejected at its
 * envelope, before claims, detection and classification see it), all drawn from `r`: the same seed and
 * input give the same output.
 */
export function mutate(bytes: Uint8Array, r: Random): { bytes: Buffer; steps: string[] } {
  let text = Buffer.from(bytes).toString('latin1');
  const steps: string[] = [];
  for (let n = r.chance(0.6) ? 1 : r.chance(0.75) ? 2 : 3; n > 0; n--) {
    const done = pickMutator(r)(text, r);
    text = done.text;
    steps.push(done.what);
  }
  return { bytes: Buffer.from(text, 'latin1'), steps };
}
