/** The pull-request report of `npm start -- --report FILE` (offline/pr-report.ts): what the PR bot posts. */
import { describe, expect, it } from "vitest";
import type { RecordedResource, Violation } from "../../offline/graph";
import type { EvaluatedStack } from "../../offline/graph-file";
import { diffPlans, type PlanDiff } from "../../offline/plan-diff";
import { REPORT_LIMIT, REPORT_MARKER, renderPrReport } from "../../offline/pr-report";

const STACK_URN = "urn:pulumi:primary::p::pulumi:pulumi:Stack::p-primary";
const COMPONENT_URN = "urn:pulumi:primary::p::twin-region:web:ResilientWebTier::web";

const res = (type: string, name: string, inputs: Record<string, unknown> = {}): RecordedResource => ({
  urn: `urn:pulumi:primary::p::twin-region:web:ResilientWebTier$${type}::${name}`,
  type,
  name,
  parent: COMPONENT_URN,
  region: "us-east-1",
  custom: true,
  inputs,
  secretOutputs: [],
  dependencies: [],
});

const violation = (rule: string, level: Violation["enforcementLevel"], name: string): Violation => ({
  rule,
  enforcementLevel: level,
  severity: "high",
  group: "storage",
  resourceType: "aws:s3/bucket:Bucket",
  resourceName: name,
  message: `${name} breaks ${rule} | with a pipe`,
  remediation: `fix ${name} for ${rule}`,
});

function evaluated(extra: RecordedResource[] = [], violations: Violation[] = []): EvaluatedStack {
  return {
    name: "primary",
    region: "us-east-1",
    outputs: {},
    violations,
    resources: [
      {
        urn: STACK_URN,
        type: "pulumi:pulumi:Stack",
        name: "p-primary",
        region: "us-east-1",
        custom: false,
        inputs: {},
        secretOutputs: [],
        dependencies: [],
      },
      {
        urn: COMPONENT_URN,
        type: "twin-region:web:ResilientWebTier",
        name: "web",
        parent: STACK_URN,
        region: "us-east-1",
        custom: false,
        inputs: {},
        secretOutputs: [],
        dependencies: [],
      },
      res("aws:lb/loadBalancer:LoadBalancer", "web-alb", { idleTimeout: 60 }),
      res("aws:rds/cluster:Cluster", "web-db", { masterPassword: "s3cret-Password-Base" }),
      ...extra,
    ].map((r) => (r.name === "web-db" ? { ...r, secretOutputs: ["masterPassword"] } : r)),
    alarmCoverage: {
      alarmable: 2,
      alarmed: 1,
      kinds: [{ kind: "alb", what: "application load balancer", alarmable: 1, alarmed: 1 }],
      resources: [
        {
          type: "aws:lb/loadBalancer:LoadBalancer",
          name: "web-alb",
          urn: "alb",
          region: "us-east-1",
          kind: "alb",
          alarms: ["web-5xx"],
        },
        {
          type: "aws:rds/cluster:Cluster",
          name: "web-db",
          urn: "db",
          region: "us-east-1",
          kind: "aurora",
          component: "web (twin-region:web:ResilientWebTier)",
          alarms: [],
        },
      ],
      unobservedComponents: [],
    },
    recovery: {
      targets: { rtoSeconds: 300, rpoSeconds: 1, copyRpoSeconds: 900, enforcement: "mandatory" },
      targetsFrom: "stack output",
      entries: [
        {
          tier: "entry point",
          name: "web entry point web-alb",
          resource: { name: "web-alb", type: "aws:lb/loadBalancer:LoadBalancer", region: "us-east-1" },
          rto: { seconds: 288, formula: "f", figures: [] },
          automated: true,
          notes: [],
        },
        {
          tier: "database",
          name: "Aurora web-db",
          resource: { name: "web-db", type: "aws:rds/cluster:Cluster", region: "us-east-1" },
          rto: { seconds: 600, formula: "f", figures: [] },
          rpo: { seconds: 1, formula: "f", figures: [] },
          automated: false,
          notes: [],
        },
      ],
      misses: [
        {
          entry: "Aurora web-db",
          tier: "database",
          measure: "RTO",
          targetSeconds: 300,
          estimateSeconds: 600,
          fix: "promote faster",
        },
      ],
    },
  };
}

const DIAGRAM = "flowchart LR\n  a --> b";

/** A diff of the base and a plan whose ALB timeout and database password changed and that adds a bucket. */
function changedDiff(extraChanged = 0): { diff: PlanDiff; base: string } {
  const base = evaluated(
    Array.from({ length: extraChanged }, (_, i) => res("aws:s3/bucket:Bucket", `b${i}`, { n: 1 })),
  );
  const current = evaluated([
    ...Array.from({ length: extraChanged }, (_, i) =>
      res("aws:s3/bucket:Bucket", `b${i}`, { n: 2, more: "x".repeat(40) }),
    ),
    res("aws:s3/bucket:Bucket", "web-assets"),
  ]);
  current.resources.find((r) => r.name === "web-alb")!.inputs.idleTimeout = 120;
  current.resources.find((r) => r.name === "web-db")!.inputs.masterPassword = "s3cret-Password-Head";
  return { diff: diffPlans({ stacks: [base] }, { stacks: [current] }), base: "base/plan.json" };
}

describe("pull-request report", () => {
  const report = renderPrReport({
    stacks: [evaluated([], [violation("s3-tags", "advisory", "a"), violation("s3-versioning", "mandatory", "b")])],
    diff: changedDiff(),
    diagram: DIAGRAM,
  });

  it("starts with the marker line the bot finds its comment by", () => {
    expect(report.split("\n")[0]).toBe(REPORT_MARKER);
    expect(REPORT_MARKER).toBe("<!-- twin-region-plan -->");
  });

  it("has every section: verdict, resources per component, changes, policy, alarms, recovery and the diagram as a mermaid block", () => {
    const headings = report.match(/^#{2,3} .+$/gm);
    expect(headings).toEqual([
      "## Offline plan",
      "### Resources per stack and component",
      "### Changes against the base plan",
      "### Policy",
      "### Alarm coverage",
      "### Recovery",
      "### Architecture",
    ]);
    expect(report).toContain("❌ a deployment would be blocked: 1 mandatory policy violation(s)");
    expect(report).toContain("| primary | web (twin-region:web:ResilientWebTier) | 2 |");
    expect(report).toContain(`\`\`\`mermaid\n${DIAGRAM}\n\`\`\``);
    expect(report).toContain("| primary | 1 of 2 |");
    expect(report).toMatch(/- primary: `aws:rds\/cluster:Cluster` `web-db` \(us-east-1, in web /);
    expect(report).toContain(
      "| primary | database | Aurora web-db | 600 s (10 min) (manual) | 300 s (5 min) | 1 s | 1 s | ❌ RTO missed |",
    );
    expect(report).toContain(
      "| primary | entry point | web entry point web-alb | 288 s (4 min 48 s) | 300 s (5 min) | — | — | ✅ |",
    );
  });

  it("lists what changed against the base: counts per component, the resources and their changed keys, a secret only as changed", () => {
    expect(report).toContain("**primary**: 1 added, 0 removed, 2 changed.");
    expect(report).toContain("| web (twin-region:web:ResilientWebTier) | 1 | 0 | 2 |");
    expect(report).toContain("- ➕ added `aws:s3/bucket:Bucket` `web-assets` (us-east-1)");
    expect(report).toContain("  - `idleTimeout: 60 → 120`");
    expect(report).toContain("  - `masterPassword: changed (secret, value not shown)`");
    expect(report).not.toContain("s3cret-Password");
  });

  it("lists every violation, mandatory first, with its rule, resource, message and remediation", () => {
    const rows = report.split("\n").filter((l) => l.startsWith("| ") && /s3-(tags|versioning)/.test(l));
    expect(rows).toEqual([
      '| **mandatory** | `s3-versioning` | primary: aws:s3/bucket:Bucket "b" | b breaks s3-versioning \\| with a pipe | fix b for s3-versioning |',
      '| advisory | `s3-tags` | primary: aws:s3/bucket:Bucket "a" | a breaks s3-tags \\| with a pipe | fix a for s3-tags |',
    ]);
  });

  it("says when no base plan was compared, and when the plan is the base's", () => {
    const none = renderPrReport({ stacks: [evaluated()], diagram: DIAGRAM });
    expect(none).toContain("No base plan was compared (`npm start -- --diff BASE.json` compares one).");
    expect(none).toContain("no base plan compared.");
    const same = renderPrReport({
      stacks: [evaluated()],
      diff: { diff: diffPlans({ stacks: [evaluated()] }, { stacks: [evaluated()] }), base: "b.json" },
      diagram: DIAGRAM,
    });
    expect(same).toContain("No changes: every stack plans the same resources, inputs and outputs.");
  });

  it("keeps under the limit by leaving out the diff's per-resource detail first, then the diagram, and says so", () => {
    const big = renderPrReport({ stacks: [evaluated()], diff: changedDiff(600), diagram: DIAGRAM });
    expect(big.length).toBeLessThanOrEqual(REPORT_LIMIT);
    expect(big).toContain("changed keys of each resource were left out");
    expect(big).toContain("the job's log and artifacts hold the full output");
    expect(big).toContain("```mermaid"); // what still fits stays
    // Under a lower limit, with a diagram longer than the limit.
    const huger = renderPrReport(
      { stacks: [evaluated()], diff: changedDiff(1200), diagram: `flowchart LR\n${"  a --> b\n".repeat(2_500)}` },
      20_000,
    );
    expect(huger.length).toBeLessThanOrEqual(20_000);
    expect(huger).toContain("The resources and their changed keys were left out");
    expect(huger).toContain("The diagram was left out");
    expect(huger).not.toContain("```mermaid");
    expect(huger.split("\n")[0]).toBe(REPORT_MARKER);
  });

  it("cuts the violations last, mandatory ones kept first, and stays under any limit", () => {
    const many = Array.from({ length: 1_000 }, (_, i) =>
      violation(`rule-${String(i).padStart(4, "0")}`, i < 10 ? "mandatory" : "advisory", `r${i}`),
    );
    const cut = renderPrReport({ stacks: [evaluated([], many)], diagram: DIAGRAM });
    expect(cut.length).toBeLessThanOrEqual(REPORT_LIMIT);
    expect(cut).toMatch(
      /_\d+ more violation\(s\) left out to keep this comment short \(the mandatory ones come first\)/,
    );
    for (let i = 0; i < 10; i++) expect(cut).toContain(`\`rule-000${i}\``);
    const tiny = renderPrReport({ stacks: [evaluated([], many)], diagram: DIAGRAM }, 2_000);
    expect(tiny.length).toBeLessThanOrEqual(2_000);
    expect(tiny.split("\n")[0]).toBe(REPORT_MARKER);
  });
});
