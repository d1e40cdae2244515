/** Every rule of the pack, by group. The pack (policy/index.ts), the offline runner and the tests read this list. */
import { storageRules } from "./storage";
import type { AnyRule } from "./types";

export const RULE_GROUPS: Record<string, readonly AnyRule[]> = {
  storage: storageRules,
};

export const ALL_RULES: readonly AnyRule[] = Object.values(RULE_GROUPS).flat();
