/**
 * Two regions in one stack: each region gets the foundation and the ingestion pipeline; the
 * primary's table is a global table with a replica (under the secondary region's own key) that
 * the secondary's pipeline writes to, and a CrossRegionLink forwards records and events and
 * replicates the processed data. (The project's own program splits the same platform into a
 * primary and a secondary stack; this is the one-stack variant.)
 */
import * as pulumi from "@pulumi/pulumi";
import { CrossRegionLink, IngestionPipeline, replicaTableArn } from "twin-region/ingestion";
import { RegionalNetwork } from "twin-region/network";
import { AlarmSet } from "twin-region/observability";
import { createRegionalProvider, platformTags, RegionalKey } from "twin-region/security";
import { AccessLogBucket } from "twin-region/storage";

const config = new pulumi.Config();
const environment = config.get("environment") ?? "prod";
const primaryRegion = config.get("primaryRegion") ?? "eu-west-1";
const secondaryRegion = config.get("secondaryRegion") ?? "eu-central-1";

function region(name: string, cidrBlock: string) {
  const provider = createRegionalProvider(`${environment}-${name}`, {
    region: name,
    tags: platformTags({
      environment,
      owner: "platform-team",
      costCenter: "platform",
      stack: pulumi.getStack(),
      region: name,
    }),
  });
  const opts = { providers: { aws: provider } };
  const key = new RegionalKey(`${environment}-${name}-key`, {}, opts);
  const network = new RegionalNetwork(
    `${environment}-${name}-network`,
    { cidrBlock, kmsKeyArn: key.keyArn, region: name },
    opts,
  );
  const accessLogs = new AccessLogBucket(`${environment}-${name}-logs`, { region: name, kmsKeyArn: key.keyArn }, opts);
  const workloads = network.createSecurityGroup("workloads", {
    description: "Change processors: no ingress, HTTPS egress to AWS APIs only",
    ingress: [],
  });
  const pipelineArgs = {
    region: name,
    kmsKeyArn: key.keyArn,
    privateSubnetIds: network.privateSubnetIds,
    processingSecurityGroupIds: [workloads.id],
    accessLogBucketName: accessLogs.bucketName,
  };
  return { provider, opts, key, pipelineArgs };
}

const primary = region(primaryRegion, "10.30.0.0/16");
const secondary = region(secondaryRegion, "10.31.0.0/16");

const primaryPipeline = new IngestionPipeline(
  `${environment}-${primaryRegion}-ingestion`,
  { ...primary.pipelineArgs, table: { replicas: [{ region: secondaryRegion, kmsKeyArn: secondary.key.keyArn }] } },
  primary.opts,
);
const secondaryPipeline = new IngestionPipeline(
  `${environment}-${secondaryRegion}-ingestion`,
  {
    ...secondary.pipelineArgs,
    table: {
      existing: {
        name: primaryPipeline.tableName,
        arn: replicaTableArn(primaryPipeline.tableArn, secondaryRegion),
        kmsKeyArn: secondary.key.keyArn,
      },
    },
    // The processed data arrives by replication, so changes are processed once, in the primary.
    processedBucketRole: "replica",
    changeProcessing: { skip: true },
  },
  secondary.opts,
);

const end = (pipeline: IngestionPipeline, name: string, key: RegionalKey) => ({
  region: name,
  kmsKeyArn: key.keyArn,
  streamArn: pipeline.streamArn,
  processedBucketName: pipeline.processedBucketName,
  processedBucketArn: pipeline.processedBucketArn,
  busName: pipeline.busName,
  busArn: pipeline.busArn,
});
const link = new CrossRegionLink(
  `${environment}-link`,
  {
    primaryProvider: primary.provider,
    primary: end(primaryPipeline, primaryRegion, primary.key),
    secondary: {
      ...end(secondaryPipeline, secondaryRegion, secondary.key),
      processedBucketVersioning: secondaryPipeline.processedBucket.versioning,
    },
  },
  secondary.opts,
);

// Alarms live where their metrics are: the link's are reported in the primary region.
new AlarmSet(
  `${environment}-${primaryRegion}-alarms`,
  { metrics: primaryPipeline.metrics(), kmsKeyArn: primary.key.keyArn },
  primary.opts,
);
new AlarmSet(
  `${environment}-${secondaryRegion}-alarms`,
  { metrics: secondaryPipeline.metrics(), kmsKeyArn: secondary.key.keyArn },
  secondary.opts,
);
new AlarmSet(`${environment}-link-alarms`, { metrics: link.metrics(), kmsKeyArn: primary.key.keyArn }, primary.opts);

export const primaryApi = primaryPipeline.apiEndpoint;
export const secondaryApi = secondaryPipeline.apiEndpoint;
