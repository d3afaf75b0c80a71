// Reads the pixels of a PNG screenshot (Playwright's `screenshot()` buffer), so a test can check what was drawn:
// colours and shapes of graphics that are bitmaps in the page (the outcome list's trend bars).
import { inflateSync } from 'node:zlib';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA of one pixel, channels 0–255. */
  at(x: number, y: number): [number, number, number, number];
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are); throws on anything else. */
export function decodePng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6)) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? out[y * stride + i - channels] : 0;
      const up = y > 0 ? out[(y - 1) * stride + i] : 0;
      const upLeft = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter}`);
      out[y * stride + i] = (line[i] + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    at(x, y) {
      const i = y * stride + x * channels;
      return [out[i], out[i + 1], out[i + 2], channels === 4 ? out[i + 3] : 255];
    },
  };
}

/** Runs of pixels that differ from `background` along row `y` from x0 to x1 (exclusive), each with its first colour. */
export function runsAlong(p: Pixels, y: number, x0: number, x1: number, background: readonly number[]): { start: number; end: number; rgb: [number, number, number] }[] {
  const runs: { start: number; end: number; rgb: [number, number, number] }[] = [];
  const differs = (c: readonly number[]): boolean => Math.abs(c[0] - background[0]) + Math.abs(c[1] - background[1]) + Math.abs(c[2] - background[2]) > 24;
  for (let x = x0; x < Math.min(x1, p.width); x++) {
    const c = p.at(x, y);
    if (!differs(c)) continue;
    const last = runs[runs.length - 1];
    if (last && last.end === x) last.end = x + 1;
    else runs.push({ start: x, end: x + 1, rgb: [c[0], c[1], c[2]] });
  }
  return runs;
}

/**
 * The pixel in the box x0..x1 × y0..y1 (exclusive ends) that stands out most from `background` (largest channel
 * distance), and how many pixels have exactly its colour: what a drawn glyph or text is painted in, read from its solid
 * strokes rather than their anti-aliased edges. `undefined` when nothing there differs from the background.
 */
export function strongest(p: Pixels, x0: number, y0: number, x1: number, y1: number, background: readonly number[]): { rgb: [number, number, number]; count: number } | undefined {
  let best: [number, number, number] | undefined;
  let bestDistance = 24;
  for (let y = Math.max(0, y0); y < Math.min(y1, p.height); y++) {
    for (let x = Math.max(0, x0); x < Math.min(x1, p.width); x++) {
      const c = p.at(x, y);
      const d = Math.abs(c[0] - background[0]) + Math.abs(c[1] - background[1]) + Math.abs(c[2] - background[2]);
      if (d > bestDistance) {
        bestDistance = d;
        best = [c[0], c[1], c[2]];
      }
    }
  }
  if (!best) return undefined;
  let count = 0;
  for (let y = Math.max(0, y0); y < Math.min(y1, p.height); y++) {
    for (let x = Math.max(0, x0); x < Math.min(x1, p.width); x++) {
      const c = p.at(x, y);
      if (c[0] === best[0] && c[1] === best[1] && c[2] === best[2]) count++;
    }
  }
  return { rgb: best, count };
}
