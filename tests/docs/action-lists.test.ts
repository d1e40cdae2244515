/**
 * README, "Components": a grant's actions come from one list per service, Kinesis, DynamoDB, SQS,
 * KMS and EventBridge in components/shared/actions.ts, S3 in components/storage/defaults.ts
 * (`BUCKET_GRANT_ACTIONS`). Held true here: no component writes one of those services' actions
 * by hand, and each list is where the README says it is.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as actions from "../../components/shared/actions";
import { BUCKET_GRANT_ACTIONS } from "../../components/storage/defaults";

const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** Where the action lists live. */
const LIST_FILES = ["components/shared/actions.ts", "components/storage/defaults.ts"];
/** Actions written elsewhere on purpose, each with why it is not a grant. */
const ELSEWHERE: Record<string, string[]> = {
  // Key policies: what services and the account may do with a key, not a grant to a role.
  "components/security/defaults.ts": ["*"],
  "components/security/key-policy.ts": ["*"],
  // The access-log bucket's policy: S3 server access logging delivers into it.
  "components/storage/secure-bucket.ts": ["s3:PutObject"],
  // The CDN's log bucket's policy: CloudWatch Logs delivers CloudFront's standard logs into it.
  "components/edge/distribution.ts": ["s3:PutObject"],
  // The trail bucket's policy: CloudTrail checks the bucket's ACL and delivers its log files into it.
  "components/observability/trail.ts": ["s3:GetBucketAcl", "s3:PutObject"],
};
/** Condition keys of these services, which look like actions. */
const CONDITION_KEYS = /^kms:(ViaService|CallerAccount|EncryptionContext.*)$/;

/** IAM actions of the services with a shared list, as string literals in a source file. */
function writtenActions(source: string): string[] {
  return [...source.matchAll(/["'`]((?:s3|kinesis|dynamodb|sqs|events|kms):[A-Z][A-Za-z*]*)["'`]/g)]
    .map((m) => m[1]!)
    .filter((a) => !CONDITION_KEYS.test(a));
}

const sources = (dir: string): string[] =>
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? sources(rel) : e.name.endsWith(".ts") ? [rel] : [];
  });

describe("the grants' action lists", () => {
  it("finds actions in string literals, not condition keys", () => {
    expect(
      writtenActions(
        `actions: ["s3:GetObject", 'kms:GenerateDataKey'], variable: "kms:ViaService", k: "kms:EncryptionContext:aws:s3:arn", x: "logs:PutLogEvents"`,
      ),
    ).toEqual(["s3:GetObject", "kms:GenerateDataKey"]);
  });

  it("are the only place a component writes an S3, Kinesis, DynamoDB, SQS, EventBridge or KMS action", () => {
    const handWritten = sources("components")
      .filter((f) => !LIST_FILES.includes(f))
      .flatMap((f) => {
        const allowed = ELSEWHERE[f] ?? [];
        return writtenActions(fs.readFileSync(path.join(ROOT, f), "utf8"))
          .filter((a) => !allowed.includes("*") && !allowed.includes(a))
          .map((a) => `${f}: ${a}`);
      });
    expect(handWritten).toEqual([]);
  });

  it("are where the README says: S3 in components/storage/defaults.ts, the other services in components/shared/actions.ts", () => {
    const grants = README.slice(README.indexOf("- **Grants**"), README.indexOf("- **Metrics**"));
    expect(grants).toContain("components/shared/actions.ts");
    expect(grants).toMatch(/S3\s+in components\/storage\/defaults\.ts, `BUCKET_GRANT_ACTIONS`/);
    const shared = Object.values(actions).flatMap((list) => Object.values(list).flat() as string[]);
    expect(shared.filter((a) => a.startsWith("s3:"))).toEqual([]);
    for (const prefix of ["kinesis:", "dynamodb:", "sqs:", "events:", "kms:"])
      expect(
        shared.some((a) => a.startsWith(prefix)),
        prefix,
      ).toBe(true);
    expect(
      Object.values(BUCKET_GRANT_ACTIONS)
        .flat()
        .filter((a) => a.startsWith("s3:")).length,
    ).toBeGreaterThan(0);
  });
});
