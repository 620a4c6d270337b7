/** Human-readable durations and times for log lines and the summary. */

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m ? ` ${m}m` : ''}${s ? ` ${s}s` : ''}`;
  if (m > 0) return `${m}m${s ? ` ${s}s` : ''}`;
  return `${s}s`;
}

/** Unix seconds → `2026-11-27 12:03:40 UTC`. */
export function formatTime(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `12:03:40 UTC, in 2m 10s` (or `… ago` once passed). */
export function formatEta(unixSeconds: number, nowMs: number): string {
  const delta = unixSeconds * 1000 - nowMs;
  const when = formatTime(unixSeconds).slice(11);
  return delta >= 0 ? `${when}, in ${formatDuration(delta)}` : `${when}, ${formatDuration(-delta)} ago`;
}
