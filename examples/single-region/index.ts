/**
 * One region: the platform's foundation (tagged provider, KMS key, network, access-log bucket)
 * and the ingestion pipeline, with an alarm per health signal. The smallest program that passes
 * the policy pack.
 */
import * as pulumi from "@pulumi/pulumi";
import { IngestionPipeline } from "twin-region/ingestion";
import { RegionalNetwork } from "twin-region/network";
import { AlarmSet } from "twin-region/observability";
import { createRegionalProvider, platformTags, RegionalKey } from "twin-region/security";
import { AccessLogBucket } from "twin-region/storage";

const config = new pulumi.Config();
const awsConfig = new pulumi.Config("aws");
const region = awsConfig.require("region");
const environment = config.get("environment") ?? "dev";
const alarmEmail = config.get("alarmEmail");

const provider = createRegionalProvider(`${environment}-${region}`, {
  region,
  tags: platformTags({ environment, owner: "data-team", costCenter: "analytics", stack: pulumi.getStack(), region }),
});
const opts = { providers: { aws: provider } };

const key = new RegionalKey(`${environment}-key`, {}, opts);
const network = new RegionalNetwork(
  `${environment}-network`,
  {
    cidrBlock: config.get("vpcCidr") ?? "10.20.0.0/16",
    availabilityZoneCount: 2,
    natStrategy: "single",
    kmsKeyArn: key.keyArn,
    region,
  },
  opts,
);
const accessLogs = new AccessLogBucket(`${environment}-access-logs`, { region, kmsKeyArn: key.keyArn }, opts);
const workloads = network.createSecurityGroup("workloads", {
  description: "Change processors: no ingress, HTTPS egress to AWS APIs only",
  ingress: [],
});

const ingestion = new IngestionPipeline(
  `${environment}-ingestion`,
  {
    region,
    kmsKeyArn: key.keyArn,
    privateSubnetIds: network.privateSubnetIds,
    processingSecurityGroupIds: [workloads.id],
    accessLogBucketName: accessLogs.bucketName,
    stream: { shards: "on-demand" },
    thresholds: { "stream-iterator-age": 30_000 },
  },
  opts,
);
// The policy pack wants an alarm for every health signal a component describes.
new AlarmSet(
  `${environment}-alarms`,
  // An optional arg is left out, not given as undefined (exactOptionalPropertyTypes).
  { metrics: ingestion.metrics(), kmsKeyArn: key.keyArn, ...(alarmEmail ? { email: alarmEmail } : {}) },
  opts,
);

export const apiEndpoint = ingestion.apiEndpoint;
export const streamName = ingestion.streamName;
export const tableName = ingestion.tableName;
