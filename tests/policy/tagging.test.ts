import { describe, expect, it } from "vitest";
import { platformTags } from "../../components/security/provider";
import { REQUIRED_TAG_KEYS } from "../../policy/baseline/tagging";
import { rule, taggingCases, vpc } from "./cases/tagging";
import { violationsOf } from "./harness";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("tagging", taggingCases);

describe("tagging baseline", () => {
  it("requires exactly the tag keys the platform puts on every resource (platformTags, the providers' default tags)", () => {
    const tags = platformTags({
      environment: "prod",
      owner: "platform-team",
      costCenter: "platform",
      stack: "primary",
      region: "us-east-1",
    });
    expect(Object.keys(tags).sort()).toEqual([...REQUIRED_TAG_KEYS].sort());
    // And the tagging rules pass a resource carrying them (as tagsAll), and fail one without them.
    expect(violationsOf(rule("aws-required-tags"), [vpc("net", { tags: {}, tagsAll: tags })])).toEqual([]);
    expect(violationsOf(rule("aws-required-tags"), [vpc("net", { tags: {}, tagsAll: {} })])).not.toEqual([]);
  });

  it("falls back to the stack's region for resources on the default provider", () => {
    const found = violationsOf(rule("aws-allowed-regions"), [vpc("net", { tags: {} })]);
    expect(found).toEqual([]);
  });
});
