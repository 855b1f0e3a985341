/** How long before `now` `at` was, coarsely: "12 s ago", "3 min ago", "5 h ago", "2 d ago". */
export function formatAgo(at: Date, now: number): string {
  // A clock a little ahead (another replica's) reads as just now, not as the future.
  const seconds = Math.max(0, Math.round((now - at.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 2 * 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** A span of minutes in words: 1 → "minute", 5 → "5 minutes", 60 → "hour", 1440 → "24 hours". */
export function formatMinutes(minutes: number): string {
  const [count, unit] = minutes >= 60 && minutes % 60 === 0 ? [minutes / 60, "hour"] : [minutes, "minute"];
  return count === 1 ? unit : `${count} ${unit}s`;
}
