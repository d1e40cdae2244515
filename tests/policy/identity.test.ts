import { describe, expect, it } from "vitest";
import { identityRules, wildcardMatches } from "../../policy/rules/identity";
import type { AnyRule } from "../../policy/rules/types";
import { identityCases } from "./cases/identity";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("identity", identityCases);

describe("identity rule details", () => {
  it("matches IAM wildcards case-insensitively", () => {
    expect(wildcardMatches("iam:*", "iam:PassRole")).toBe(true);
    expect(wildcardMatches("IAM:pass?ole", "iam:PassRole")).toBe(true);
    expect(wildcardMatches("iam:Get*", "iam:PassRole")).toBe(false);
    expect(wildcardMatches("s3:Get.Object", "s3:GetxObject")).toBe(false);
  });

  it("ignores missing and malformed documents", () => {
    for (const r of identityRules as readonly AnyRule[]) {
      if (r.kind !== "resource") continue;
      for (const type of r.resourceTypes) {
        for (const props of [
          {},
          { policy: "not json", assumeRolePolicy: "{" },
          { inlinePolicies: [{ name: "" }], policy: { Statement: null } },
        ]) {
          expect(() => r.validate({ type, name: "x", urn: "urn:x", props }, r.config?.defaults ?? {})).not.toThrow();
        }
      }
    }
  });
});

describe("identity rules on malformed statements", () => {
  it("do not throw on non-string actions and resources", () => {
    const weird = JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Action: [5, null, "s3:GetObject"],
          Resource: [{}, "*"],
          Principal: { AWS: [7] },
          Condition: "x",
        },
      ],
    });
    for (const r of identityRules as readonly AnyRule[]) {
      if (r.kind !== "resource") continue;
      for (const type of r.resourceTypes) {
        expect(() =>
          r.validate(
            {
              type,
              name: "x",
              urn: "urn:x",
              props: { policy: weird, assumeRolePolicy: weird, inlinePolicies: [{ name: "w", policy: weird }] },
            },
            r.config?.defaults ?? {},
          ),
        ).not.toThrow();
      }
    }
  });
});
