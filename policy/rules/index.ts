/** Every rule of the pack, by group. The pack (policy/index.ts), the offline runner and the tests read this list. */
import { analyticsRules } from "./analytics";
import { auditRules } from "./audit";
import { backupRules } from "./backup";
import { computeRules } from "./compute";
import { costRules } from "./cost";
import { dashboardRules } from "./dashboards";
import { dataRules } from "./data";
import { deliveryRules } from "./delivery";
import { dnsRules } from "./dns";
import { edgeRules } from "./edge";
import { hostRules } from "./hosts";
import { identityRules } from "./identity";
import { networkRules } from "./network";
import { observabilityRules } from "./observability";
import { processingRules } from "./processing";
import { releaseRules } from "./release";
import { storageRules } from "./storage";
import { taggingRules } from "./tagging";
import { tracingRules } from "./tracing";
import type { AnyRule } from "./types";

export const RULE_GROUPS: Record<string, readonly AnyRule[]> = {
  storage: storageRules,
  network: networkRules,
  edge: [...edgeRules, ...dnsRules],
  compute: [...computeRules, ...processingRules, ...hostRules, ...releaseRules, ...deliveryRules],
  data: [...dataRules, ...analyticsRules, ...backupRules],
  identity: identityRules,
  observability: [...observabilityRules, ...auditRules, ...tracingRules, ...dashboardRules],
  tagging: taggingRules,
  cost: costRules,
};

export const ALL_RULES: readonly AnyRule[] = Object.values(RULE_GROUPS).flat();
