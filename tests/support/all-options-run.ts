/**
 * How the test run's shared `npm start -- --all-options` plans (tests/support/shared-plan.setup.ts):
 * besides every optional part, it plans as another AWS account and with the primary's config at
 * the edges of what it accepts, so the suites that need such a plan read this one instead of
 * planning both stacks again (tests/stacks/account-id.test.ts):
 *   - the account 210987654321, not the mock's default 123456789012: whatever the program read from
 *     AWS follows it, so a hard-coded account id shows up;
 *   - the most extra tags `twin-region:tags` accepts (tests/config/tag-limit.test.ts);
 *   - explicit subnet CIDRs, seed 002's numbering over the primary's three AZs.
 */
import { MAX_USER_TAGS } from "../../stacks/tags";
import { extraTags } from "./extra-tags";

export const ALL_OPTIONS_ACCOUNT = "210987654321";

export const ALL_OPTIONS_SUBNET_CIDRS = {
  public: ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"],
  private: ["10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24"],
  database: ["10.0.100.0/24", "10.0.200.0/24", "10.0.250.0/24"],
};

/** The arguments of the shared run, besides where it writes its graph. */
export function allOptionsRunArgs(): string[] {
  const primary = {
    tags: JSON.stringify(extraTags(MAX_USER_TAGS)),
    publicSubnetCidrs: JSON.stringify(ALL_OPTIONS_SUBNET_CIDRS.public),
    privateSubnetCidrs: JSON.stringify(ALL_OPTIONS_SUBNET_CIDRS.private),
    databaseSubnetCidrs: JSON.stringify(ALL_OPTIONS_SUBNET_CIDRS.database),
  };
  return [
    "--all-options",
    "--account-id",
    ALL_OPTIONS_ACCOUNT,
    ...Object.entries(primary).flatMap(([key, value]) => ["--config", `primary:${key}=${value}`]),
  ];
}
