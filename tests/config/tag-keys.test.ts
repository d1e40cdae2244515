/**
 * stacks/tags.ts declares which tags the platform puts on each resource type; the config's limit on
 * extra tags is computed from it. Both stacks' plans hold it to what the components really set,
 * resource by resource, so the limit cannot drift from the program.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  AWS_MAX_TAGS_PER_RESOURCE,
  DEFAULT_TAG_KEYS,
  MAX_RESOURCE_TAGS,
  MAX_USER_TAGS,
  RESOURCE_TAG_KEYS,
} from "../../stacks/tags";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

let stacks: PlannedStack[];

beforeAll(() => {
  const { primary, secondary } = sharedPlan();
  stacks = [primary, secondary];
});

/** The resources AWS tags: the offline engine records `tagsAll` (default tags merged) for them. */
const tagged = (plan: PlannedStack) => plan.resources.filter((r) => r.inputs.tagsAll !== undefined);
const keys = (tags: unknown) => Object.keys((tags ?? {}) as Record<string, string>).sort();

describe("the platform's tags per resource type (stacks/tags.ts) against both stacks' plans", () => {
  it("finds the tagged resources of both stacks, subnets and buckets among them", () => {
    for (const plan of stacks) {
      const types = new Set(tagged(plan).map((r) => r.type));
      expect(tagged(plan).length, plan.stack).toBeGreaterThan(100);
      for (const type of ["aws:ec2/subnet:Subnet", "aws:s3/bucket:Bucket", "aws:lambda/function:Function"])
        expect(types, plan.stack).toContain(type);
    }
  });

  it("every tagged resource carries the default tags and exactly the tags of its own its type is declared with", () => {
    for (const plan of stacks) {
      for (const r of tagged(plan)) {
        const own = [...(RESOURCE_TAG_KEYS[r.type] ?? [])].sort();
        expect({ resource: r.name, own: keys(r.inputs.tags) }).toEqual({ resource: r.name, own });
        expect({ resource: r.name, all: keys(r.inputs.tagsAll) }).toEqual({
          resource: r.name,
          all: [...new Set([...DEFAULT_TAG_KEYS, ...own])].sort(),
        });
      }
    }
  });

  it("declares no type the program does not tag (a stale entry would lower the limit for nothing)", () => {
    const planned = new Set(
      stacks.flatMap((plan) =>
        tagged(plan)
          .filter((r) => r.inputs.tags)
          .map((r) => r.type),
      ),
    );
    expect(Object.keys(RESOURCE_TAG_KEYS).filter((type) => !planned.has(type))).toEqual([]);
  });

  it("leaves room for exactly MAX_USER_TAGS extra tags on the most-tagged resource (a subnet: 6 default tags, Name and Tier)", () => {
    const most = Math.max(...stacks.flatMap((plan) => tagged(plan).map((r) => keys(r.inputs.tagsAll).length)));
    expect(most).toBe(DEFAULT_TAG_KEYS.length + MAX_RESOURCE_TAGS);
    expect(MAX_USER_TAGS).toBe(AWS_MAX_TAGS_PER_RESOURCE - most);
    expect([DEFAULT_TAG_KEYS.length, MAX_RESOURCE_TAGS, MAX_USER_TAGS]).toEqual([6, 2, 42]);
  });
});
