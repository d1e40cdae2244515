/**
 * The pack's rules for teams that extend it (`twin-region/policy`): every rule as a plain object,
 * the CrossGuard adapter that turns one into a policy, and the secure values the rules enforce.
 *
 *   import { ALL_RULES, toCrossGuardPolicy } from "twin-region/policy";
 *   new PolicyPack("my-pack", { policies: [...ALL_RULES.map(toCrossGuardPolicy), myOwnPolicy] });
 */
export { ALL_RULES, RULE_GROUPS } from "./index";
export { toCrossGuardPolicy } from "./crossguard";
export type * from "./types";
export * as baseline from "../baseline/index";
