/** `n` extra tags for `twin-region:tags`, team0..team<n-1>. */
export const extraTags = (n: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`team${i}`, `value${i}`]));
