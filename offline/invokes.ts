import { OFFLINE_ACCOUNT_ID, partitionOf } from "./aws-partition";
import { renderPolicyDocument } from "./policy-document";

/** Availability zones per region as AWS lists them for a new account (letters, then zone ids). */
const ZONE_LETTERS: Record<string, string> = {
  "us-east-1": "abcdef",
  "us-west-2": "abcd",
  "ap-northeast-1": "acd",
  "ap-northeast-2": "abcd",
  "us-west-1": "ab",
  "ca-central-1": "abd",
  "sa-east-1": "abc",
};

/** Regional ELB log-delivery accounts (older regions; newer ones use the logdelivery service principal). */
const ELB_ACCOUNTS: Record<string, string> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "ap-east-1": "754344448648",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-south-1": "718504428378",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "ap-southeast-3": "589379963580",
  "cn-north-1": "638102146993",
  "cn-northwest-1": "037604701340",
  "us-gov-east-1": "190560391635",
  "us-gov-west-1": "048591011584",
};

/** The prefix of a region's zone ids: us-east-1 → use1, ap-southeast-2 → apse2, us-gov-west-1 → usgw1, cn-northwest-1 → cnnw1. */
export function zoneIdPrefix(region: string): string {
  const parts = region.split("-");
  const num = parts.pop() ?? "";
  const [geo = "", ...rest] = parts;
  const short = (dir: string) =>
    dir === "gov"
      ? "g"
      : dir
          .replace(/^(north|south)(east|west)$/, (_m, a: string, b: string) => a[0]! + b[0]!)
          .replace(/^(east|west|north|south|central)$/, (m) => m[0]!);
  return `${geo}${rest.map(short).join("")}${num}`;
}

/** The zones of a region in the order AWS lists them: name and zone id. */
export function zonesOf(region: string): { name: string; zoneId: string }[] {
  const letters = ZONE_LETTERS[region] ?? "abc";
  return [...letters].map((l, i) => ({ name: `${region}${l}`, zoneId: `${zoneIdPrefix(region)}-az${i + 1}` }));
}

function availabilityZones(region: string, args: Record<string, any>) {
  let zones = zonesOf(region);
  const excludeNames: string[] = args.excludeNames ?? [];
  const excludeZoneIds: string[] = args.excludeZoneIds ?? [];
  zones = zones.filter((z) => !excludeNames.includes(z.name) && !excludeZoneIds.includes(z.zoneId));
  return {
    id: region,
    names: zones.map((z) => z.name),
    zoneIds: zones.map((z) => z.zoneId),
    groupNames: zones.map(() => region),
    state: args.state,
    region,
  };
}

type InvokeHandler = (region: string, args: Record<string, any>) => Record<string, unknown>;

/** Every invoke the offline engine answers; any other token fails with its name. */
export const INVOKES: Record<string, InvokeHandler> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": availabilityZones,
  "aws:index/getCallerIdentity:getCallerIdentity": (region) => ({
    id: OFFLINE_ACCOUNT_ID,
    accountId: OFFLINE_ACCOUNT_ID,
    arn: `arn:${partitionOf(region).partition}:iam::${OFFLINE_ACCOUNT_ID}:user/offline`,
    userId: "AIDAOFFLINEENGINE0000",
  }),
  "aws:index/getRegion:getRegion": (region) => ({
    id: region,
    region,
    name: region,
    endpoint: `ec2.${region}.${partitionOf(region).dnsSuffix}`,
    description: region,
  }),
  "aws:index/getPartition:getPartition": (region) => {
    const p = partitionOf(region);
    return { id: p.partition, partition: p.partition, dnsSuffix: p.dnsSuffix, reverseDnsPrefix: p.reverseDnsPrefix };
  },
  "aws:iam/getPolicyDocument:getPolicyDocument": (_region, args) => {
    const { json, minifiedJson, id } = renderPolicyDocument(args);
    return { ...args, id, json, minifiedJson };
  },
  "aws:elb/getServiceAccount:getServiceAccount": (region) => {
    const account = ELB_ACCOUNTS[region];
    if (!account) {
      throw new Error(
        `elb.getServiceAccount: unsupported AWS Region: ${region} (AWS has no ELB log-delivery account there); grant logdelivery.elasticloadbalancing.amazonaws.com instead`,
      );
    }
    return { id: account, arn: `arn:${partitionOf(region).partition}:iam::${account}:root`, region };
  },
};

export function answerInvoke(token: string, region: string, args: Record<string, any>): Record<string, unknown> {
  const handler = INVOKES[token];
  if (!handler) {
    throw new Error(
      `offline engine: no mock for invoke "${token}". Add a handler to offline/invokes.ts that answers as AWS would.`,
    );
  }
  return handler(region, args);
}
