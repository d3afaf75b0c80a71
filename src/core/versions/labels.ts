// Human labels for prompt versions, as shown in the diff view's pickers.

const units: readonly [number, string][] = [
  [365 * 24 * 3600, 'year'],
  [30 * 24 * 3600, 'month'],
  [7 * 24 * 3600, 'week'],
  [24 * 3600, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** "just now", "5 minutes ago", "2 days ago", "in the future" for a clock that runs behind the commit. */
export function relativeTime(thenMs: number, nowMs: number): string {
  const secs = Math.round((nowMs - thenMs) / 1000);
  if (secs < -60) return 'in the future';
  if (secs < 45) return 'just now';
  for (const [size, name] of units) {
    const n = Math.floor(secs / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

/** Makes an untrusted one-line text (a commit subject) fit a picker: no control characters, bounded length. */
export function oneLine(text: string, max = 72): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** `a1b2c3d · 2 days ago · message` */
export function commitLabel(commit: string, timeMs: number, subject: string, nowMs: number): string {
  const parts = [commit.slice(0, 7), relativeTime(timeMs, nowMs)];
  const s = oneLine(subject);
  if (s !== '') parts.push(s);
  return parts.join(' · ');
}

/** `run snapshot · 14:02` today, `run snapshot · Nov 25 14:02` on another day (in `timeZone`, default local). */
export function snapshotLabel(timeMs: number, nowMs: number, timeZone?: string): string {
  const tz = timeZone === undefined ? {} : { timeZone };
  const day = new Intl.DateTimeFormat('en-US', { ...tz, year: 'numeric', month: 'short', day: 'numeric' });
  const hm = new Intl.DateTimeFormat('en-GB', { ...tz, hour: '2-digit', minute: '2-digit', hour12: false }).format(timeMs);
  if (day.format(timeMs) === day.format(nowMs)) return `run snapshot · ${hm}`;
  const sameYear = new Date(timeMs).getUTCFullYear() === new Date(nowMs).getUTCFullYear();
  const md = new Intl.DateTimeFormat('en-US', { ...tz, month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) });
  return `run snapshot · ${md.format(timeMs)} ${hm}`;
}
