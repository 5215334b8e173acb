/** @returns the minute of the local day (0–1439) of `ms` at a site `utcOffsetMinutes` from UTC. */
export function minuteOfDay(ms: number, utcOffsetMinutes: number): number {
  const minutes = Math.floor(ms / 60_000) + utcOffsetMinutes;
  return ((minutes % 1440) + 1440) % 1440;
}
