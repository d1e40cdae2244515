/** Every group's rule cases (tests/policy/<group>.test.ts runs them; insecure-graph.test.ts builds one graph of all of them). */
import type { RuleCase } from "../harness";
import { analyticsCases } from "./analytics";
import { auditCases } from "./audit";
import { backupCases } from "./backup";
import { computeCases } from "./compute";
import { costCases } from "./cost";
import { dashboardCases } from "./dashboards";
import { dataCases } from "./data";
import { deliveryCases } from "./delivery";
import { dnsCases } from "./dns";
import { edgeCases } from "./edge";
import { hostCases } from "./hosts";
import { identityCases } from "./identity";
import { networkCases } from "./network";
import { observabilityCases } from "./observability";
import { processingCases } from "./processing";
import { releaseCases } from "./release";
import { storageCases } from "./storage";
import { taggingCases } from "./tagging";
import { tracingCases } from "./tracing";

export const RULE_CASE_GROUPS: Record<string, RuleCase[]> = {
  storage: storageCases,
  network: networkCases,
  edge: [...edgeCases, ...dnsCases],
  compute: [...computeCases, ...processingCases, ...hostCases, ...releaseCases, ...deliveryCases],
  data: [...dataCases, ...analyticsCases, ...backupCases],
  identity: identityCases,
  observability: [...observabilityCases, ...auditCases, ...tracingCases, ...dashboardCases],
  tagging: taggingCases,
  cost: costCases,
};

export const ALL_RULE_CASES: RuleCase[] = Object.values(RULE_CASE_GROUPS).flat();
