import { createHash } from "node:crypto";
import { offlineAccountId, partitionOf } from "./aws-partition";
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

/**
 * Route 53 hosted zones of Elastic Load Balancing's DNS names, per region: what a load balancer
 * reports as `zoneId` and what `lb.getHostedZoneId` returns (AWS "Elastic Load Balancing endpoints
 * and quotas"; the same table as terraform-provider-aws `hosted_zone_id_data_source.go`).
 */
export const ELB_HOSTED_ZONES: Record<"application" | "network", Record<string, string>> = {
  application: {
    "af-south-1": "Z268VQBMOI5EKX",
    "ap-east-1": "Z3DQVH9N71FHZ0",
    "ap-northeast-1": "Z14GRHDCWA56QT",
    "ap-northeast-2": "ZWKZPGTI48KDX",
    "ap-northeast-3": "Z5LXEXXYW11ES",
    "ap-south-1": "ZP97RAFLXTNZK",
    "ap-south-2": "Z0173938T07WNTVAEPZN",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
    "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ap-southeast-3": "Z08888821HLRG5A9ZRTER",
    "ca-central-1": "ZQSVJUPU6J1EY",
    "cn-north-1": "Z1GDH35T77C1KE",
    "cn-northwest-1": "ZM7IZAIOVVDZF",
    "eu-central-1": "Z215JYRZR1TBD5",
    "eu-central-2": "Z06391101F2ZOEP8P5EB3",
    "eu-north-1": "Z23TAZ6LKFMNIO",
    "eu-south-1": "Z3ULH7SSC9OV64",
    "eu-south-2": "Z0956581394HF5D5LXGAP",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-west-2": "ZHURV8PSTC4K8",
    "eu-west-3": "Z3Q77PNBQS71R4",
    "me-central-1": "Z08230872XQRWHG2XF6I",
    "me-south-1": "ZS929ML54UICD",
    "sa-east-1": "Z2P70J7HTTTPLU",
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-gov-east-1": "Z166TLBEWOO7G0",
    "us-gov-west-1": "Z33AYJ8TM3BH4J",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
  },
  network: {
    "af-south-1": "Z203XCE67M25HM",
    "ap-east-1": "Z12Y7K3UBGUAD1",
    "ap-northeast-1": "Z31USIVHYNEOWT",
    "ap-northeast-2": "ZIBE1TIR4HY56",
    "ap-northeast-3": "Z1GWIQ4HH19I5X",
    "ap-south-1": "ZVDDRBQ08TROA",
    "ap-south-2": "Z0711778386UTO08407HT",
    "ap-southeast-1": "ZKVM4W9LS7TM",
    "ap-southeast-2": "ZCT6FZBF4DROD",
    "ap-southeast-3": "Z01971771FYVNCOVWJU1G",
    "ca-central-1": "Z2EPGBW3API2WT",
    "cn-north-1": "Z3QFB96KMJ7ED6",
    "cn-northwest-1": "ZQEIKTCZ8352D",
    "eu-central-1": "Z3F0SRJ5LGBH90",
    "eu-central-2": "Z02239872DOALSIDCX66S",
    "eu-north-1": "Z1UDT6IFJ4EJM",
    "eu-south-1": "Z23146JA1KNAFP",
    "eu-south-2": "Z1011216NVTVYADP1SSV",
    "eu-west-1": "Z2IFOLAFXWLO4F",
    "eu-west-2": "ZD4D7Y8KGAS4G",
    "eu-west-3": "Z1CMS0P5QUZ6D5",
    "me-central-1": "Z00282643NTTLPANJJG2P",
    "me-south-1": "Z3QSRYVP46NYYV",
    "sa-east-1": "ZTK26PT1VY4CU",
    "us-east-1": "Z26RNL4JYFTOTI",
    "us-east-2": "ZLMOA37VPKANP",
    "us-gov-east-1": "Z1ZSMQQ6Q24QQ8",
    "us-gov-west-1": "ZMG1MZ2THAWF1",
    "us-west-1": "Z24FKFUX50B4VW",
    "us-west-2": "Z18D5FSROUN65G",
  },
};

/** The hosted zone of a load balancer's DNS name; fails as `lb.getHostedZoneId` does in a region the table lacks. */
export function elbHostedZone(region: string, loadBalancerType = "application"): string {
  const kind = loadBalancerType === "network" ? "network" : "application";
  const zone = ELB_HOSTED_ZONES[kind][region];
  if (!zone) throw new Error(`lb.getHostedZoneId: unsupported AWS Region: ${region}`);
  return zone;
}

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

/**
 * AWS's public Systems Manager parameters that resolve to an AMI id (`/aws/service/…/image_id`,
 * `/aws/service/ami-amazon-linux-latest/…`): a stable `ami-<17 hex>` per region and name, in an ARN
 * with no account. Any other parameter would be the program's own, which the plan has not created:
 * AWS answers ParameterNotFound, and so does the engine.
 */
function publicParameter(region: string, name: string): Record<string, unknown> {
  const path = name.startsWith("/") ? name : `/${name}`;
  if (!/^\/aws\/service\/(?:.*\/image_id|ami-amazon-linux-latest\/[^/]+)$/.test(path)) {
    throw new Error(
      `ssm.getParameter: ParameterNotFound: ${name} (the offline engine knows AWS's public AMI parameters only; pass the value in instead)`,
    );
  }
  const hash = createHash("sha256").update(`${region}|${path}`).digest("hex");
  return {
    id: path,
    name: path,
    arn: `arn:${partitionOf(region).partition}:ssm:${region}::parameter${path}`,
    type: "String",
    value: `ami-${hash.slice(0, 17)}`,
    insecureValue: `ami-${hash.slice(0, 17)}`,
    version: 1 + (parseInt(hash.slice(17, 19), 16) % 90),
    withDecryption: true,
    region,
  };
}

type InvokeHandler = (region: string, args: Record<string, any>) => Record<string, unknown>;

/** Every invoke the offline engine answers; any other token fails with its name. */
export const INVOKES: Record<string, InvokeHandler> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": availabilityZones,
  "aws:index/getCallerIdentity:getCallerIdentity": (region) => {
    const account = offlineAccountId();
    return {
      id: account,
      accountId: account,
      arn: `arn:${partitionOf(region).partition}:iam::${account}:user/offline`,
      userId: "AIDAOFFLINEENGINE0000",
    };
  },
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
  "aws:lb/getHostedZoneId:getHostedZoneId": (region, args) => {
    const loadBalancerType = String(args.loadBalancerType ?? "application");
    return { id: elbHostedZone(region, loadBalancerType), loadBalancerType, region };
  },
  "aws:ssm/getParameter:getParameter": (region, args) => publicParameter(region, String(args.name)),
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
