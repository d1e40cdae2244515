/** The account every offline plan runs as: AWS documents 123456789012 as its example account. */
export const OFFLINE_ACCOUNT_ID = "123456789012";

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
  const account = opts.noAccount ? "" : OFFLINE_ACCOUNT_ID;
  return `arn:${partition}:${service}:${r}:${account}:${resource}`;
}
