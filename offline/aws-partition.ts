/**
 * The account an offline plan runs as unless it asks for another (`accountId` of planProgram and
 * planStack): AWS documents 123456789012 as its example account.
 */
export const OFFLINE_ACCOUNT_ID = "123456789012";

/**
 * The account of the plan running now. Module state, not an argument threaded through the mock:
 * Pulumi's mocked runtime is global to a process, so plans in one process run one after another,
 * never two at once (planProgram refuses a second while one runs; README "Testing"), and the value
 * planProgram sets for the duration of a plan (and restores after it, also when it fails) is that plan's.
 */
let currentAccountId = OFFLINE_ACCOUNT_ID;

/** The account the mock plays: the caller identity, and every ARN, owner id and queue URL it makes. */
export function offlineAccountId(): string {
  return currentAccountId;
}

/** An AWS account id: 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/**
 * Makes the mock play `accountId` until the returned function restores the account before it.
 * Only planProgram calls it, around one plan.
 */
export function playOfflineAccount(accountId: string): () => void {
  if (!ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new Error(`accountId: ${JSON.stringify(accountId)} is not an AWS account id (12 digits)`);
  }
  const previous = currentAccountId;
  currentAccountId = accountId;
  return () => {
    currentAccountId = previous;
  };
}

export interface PartitionInfo {
  partition: string;
  dnsSuffix: string;
  reverseDnsPrefix: string;
}

/** The partition a region belongs to, as AWS assigns it (China and GovCloud have their own). */
export function partitionOf(region: string): PartitionInfo {
  if (region.startsWith("cn-")) {
    return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn", reverseDnsPrefix: "cn.com.amazonaws" };
  }
  if (region.startsWith("us-gov-")) {
    return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
  }
  return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
}

export function arn(
  region: string,
  service: string,
  resource: string,
  opts: { global?: boolean; noAccount?: boolean } = {},
): string {
  const { partition } = partitionOf(region);
  const r = opts.global ? "" : region;
  const account = opts.noAccount ? "" : offlineAccountId();
  return `arn:${partition}:${service}:${r}:${account}:${resource}`;
}
