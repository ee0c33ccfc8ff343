/**
 * A counter that moves whenever this process writes data a read may have cached (opportunities,
 * outcomes, ingested records). Caches compare it and drop what was computed before. Other
 * instances' writes are bounded by the caches' time-to-live instead.
 */
let version = 0;

export const dataVersion = {
  current: (): number => version,
  bump: (): void => {
    version++;
  },
};
