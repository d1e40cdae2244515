/**
 * Bring your own VPC: the ingestion pipeline in a VPC the network team already runs. The program
 * takes the VPC and its private subnets from config, adds only an egress-only security group for
 * the change processors, and keeps every other secure default.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IngestionPipeline } from "twin-region/ingestion";
import { AlarmSet } from "twin-region/observability";
import { createRegionalProvider, platformTags, RegionalKey } from "twin-region/security";
import { AccessLogBucket } from "twin-region/storage";

const config = new pulumi.Config();
const region = new pulumi.Config("aws").require("region");
const environment = config.get("environment") ?? "shared";
const vpcId = config.require("vpcId");
const vpcCidr = config.require("vpcCidr");
const privateSubnetIds = config.requireObject<string[]>("privateSubnetIds");

const provider = createRegionalProvider(`${environment}-${region}`, {
  region,
  tags: platformTags({ environment, owner: "platform-team", costCenter: "platform", stack: pulumi.getStack(), region }),
});
const opts = { providers: { aws: provider } };

const key = new RegionalKey(`${environment}-key`, {}, opts);
const accessLogs = new AccessLogBucket(`${environment}-access-logs`, { region, kmsKeyArn: key.keyArn }, opts);

// Egress only, and only HTTPS inside the VPC (its interface endpoints): the processors reach
// S3, DynamoDB, SQS, ECR and CloudWatch Logs through the VPC's endpoints.
const processors = new aws.ec2.SecurityGroup(
  `${environment}-processors`,
  {
    vpcId,
    description: "Change processors: no ingress, HTTPS to the VPC's endpoints only",
    egress: [
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [vpcCidr], description: "HTTPS to the VPC endpoints" },
    ],
  },
  { provider },
);

const ingestion = new IngestionPipeline(
  `${environment}-ingestion`,
  {
    region,
    kmsKeyArn: key.keyArn,
    privateSubnetIds,
    processingSecurityGroupIds: [processors.id],
    accessLogBucketName: accessLogs.bucketName,
  },
  opts,
);
new AlarmSet(`${environment}-alarms`, { metrics: ingestion.metrics(), kmsKeyArn: key.keyArn }, opts);

export const apiEndpoint = ingestion.apiEndpoint;
