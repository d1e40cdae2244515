/** A seeded pseudo-random generator (mulberry32): a soak run is repeatable from its seed. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** True with probability `p`. */
export const chance = (random: Random, p: number): boolean => p > 0 && random() < p;

/**
 * A fault injected at a rate, and always at its first opportunity: a short run still shows that
 * the path survives it, and `count` says how often it fired.
 */
export class Fault {
  count = 0;
  constructor(
    private readonly random: Random,
    private readonly rate: number,
  ) {}

  fires(): boolean {
    if (this.rate <= 0) return false;
    const fire = this.count === 0 || this.random() < this.rate;
    if (fire) this.count++;
    return fire;
  }
}
