/**
 * The entries of `value` that are not undefined: props over defaults (`{ ...defaults, ...definedOnly(args) }`),
 * so an override such as `kmsKeyId: undefined` never silently drops a secure default.
 */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
