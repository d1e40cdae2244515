/**
 * The AWS-documented figures every recovery estimate rests on, each with what AWS says and where.
 * The estimators (offline/recovery/*.ts) read their numbers from here and nowhere else, and
 * docs/recovery.md is generated from this table, so a figure and its citation cannot drift apart.
 */

export interface Source {
  title: string;
  url: string;
}

export interface Figure {
  /** Seconds (the unit of every figure here). */
  seconds: number;
  /** What AWS documents, in a few words (paraphrased), and how the report uses it. */
  statement: string;
  /** `bound`: AWS states it as a limit or an SLA; `typical`: AWS states what usually happens, with no guarantee. */
  kind: "bound" | "typical";
  source: Source;
}

const ROUTE53_HEALTH: Source = {
  title: "Amazon Route 53 Developer Guide: How Amazon Route 53 determines whether a health check is healthy",
  url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html",
};
const ROUTE53_FAQ: Source = {
  title: "Amazon Route 53 FAQs: Do I need to adjust the TTL for my records in order to use DNS Failover?",
  url: "https://aws.amazon.com/route53/faqs/",
};
const ROUTE53_EDITING: Source = {
  title: "Amazon Route 53 Developer Guide: Editing records",
  url: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-editing.html",
};
const AURORA_GLOBAL: Source = {
  title: "Amazon Aurora User Guide: Using Amazon Aurora Global Database (overview)",
  url: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.html",
};
const AURORA_DR: Source = {
  title: "Amazon Aurora User Guide: Disaster recovery and Amazon Aurora global databases",
  url: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-disaster-recovery.html",
};
const AURORA_PROMOTE: Source = {
  title: "AWS Disaster Recovery Workshop: Aurora Global Database (promote a secondary Region in less than a minute)",
  url: "https://disaster-recovery.workshop.aws/en/services/databases/aurora/global-database.html",
};
const DYNAMODB_GLOBAL: Source = {
  title: "Amazon DynamoDB Developer Guide: How DynamoDB global tables work (consistency modes)",
  url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html",
};
const S3_RTC: Source = {
  title: "Amazon S3 User Guide: Meeting compliance requirements with S3 Replication Time Control",
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html",
};
const EFS_REPLICATION: Source = {
  title: "AWS News Blog: New – Replication for Amazon Elastic File System (EFS)",
  url: "https://aws.amazon.com/blogs/aws/new-replication-for-amazon-elastic-file-system-efs/",
};
const LAMBDA_TIMEOUT: Source = {
  title: "AWS Lambda Developer Guide: Configure Lambda function timeout",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
};
const LAMBDA_KINESIS: Source = {
  title:
    "AWS Lambda Developer Guide: Using Lambda to process records from Amazon Kinesis Data Streams (polling and batching streams)",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html",
};

export const FIGURES = {
  healthCheckIntervalStandard: {
    seconds: 30,
    kind: "bound",
    statement:
      "Route 53 health checkers send a request every 30 seconds (the standard interval, and the default) or every 10 seconds (the fast one), counted from the endpoint's last response",
    source: ROUTE53_HEALTH,
  },
  healthCheckIntervalFast: {
    seconds: 10,
    kind: "bound",
    statement: "The fast health-check interval: a request every 10 seconds",
    source: ROUTE53_HEALTH,
  },
  healthCheckTimeout: {
    seconds: 6,
    kind: "bound",
    statement:
      "An HTTP or HTTPS check fails when the TCP connection takes more than 4 seconds or the status code more than 2 seconds after it: a failing request can take 6 seconds before the next interval starts",
    source: ROUTE53_HEALTH,
  },
  healthCheckTcpTimeout: {
    seconds: 10,
    kind: "bound",
    statement: "A TCP check fails when the connection takes more than 10 seconds",
    source: ROUTE53_HEALTH,
  },
  elbAliasTtl: {
    seconds: 60,
    kind: "bound",
    statement:
      "DNS failover to an ELB load balancer uses an alias record, which Route 53 answers with a fixed TTL of 60 seconds: resolvers may keep the old answer that long",
    source: ROUTE53_FAQ,
  },
  route53Propagation: {
    seconds: 60,
    kind: "typical",
    statement:
      "Changes generally propagate to all Route 53 name servers within 60 seconds; AWS publishes no separate figure for a health check's new status, so the report uses this one",
    source: ROUTE53_EDITING,
  },
  auroraReplicationLag: {
    seconds: 1,
    kind: "typical",
    statement:
      "Aurora replicates to the secondary Regions with typical latency under a second (an unplanned failover loses what had not arrived); a switchover synchronizes first and loses nothing",
    source: AURORA_GLOBAL,
  },
  auroraPromotion: {
    seconds: 60,
    kind: "typical",
    statement:
      "A secondary Region's cluster can be promoted to take full read/write workloads in less than a minute (the User Guide: RTO 'in the order of minutes', depending on the operator's steps)",
    source: AURORA_PROMOTE,
  },
  auroraSwitchoverRpo: {
    seconds: 0,
    kind: "bound",
    statement: "A switchover (managed planned failover) synchronizes the secondary clusters first: RPO 0",
    source: AURORA_DR,
  },
  dynamodbReplication: {
    seconds: 1,
    kind: "typical",
    statement:
      "A multi-Region eventually consistent (MREC) global table replicates an item's change to the other replicas asynchronously, typically within a second",
    source: DYNAMODB_GLOBAL,
  },
  dynamodbStrongConsistency: {
    seconds: 0,
    kind: "bound",
    statement:
      "A multi-Region strongly consistent (MRSC) global table replicates a write synchronously before it succeeds: RPO zero",
    source: DYNAMODB_GLOBAL,
  },
  s3ReplicationTimeControl: {
    seconds: 900,
    kind: "bound",
    statement:
      "S3 Replication Time Control replicates most objects in seconds and 99.99% of them within 15 minutes (its SLA); without it S3 states no replication time",
    source: S3_RTC,
  },
  efsReplication: {
    seconds: 900,
    kind: "typical",
    statement:
      "EFS replication: most changes replicated within a minute, an overall RPO of 15 minutes for most file systems",
    source: EFS_REPLICATION,
  },
  lambdaStreamPolling: {
    seconds: 1,
    kind: "bound",
    statement:
      "Lambda polls each Kinesis shard for records at a base rate of once per second, then waits up to the mapping's batching window before it invokes the function",
    source: LAMBDA_KINESIS,
  },
  lambdaDefaultTimeout: {
    seconds: 3,
    kind: "bound",
    statement: "A function without a timeout setting times out after 3 seconds (the default)",
    source: LAMBDA_TIMEOUT,
  },
} as const satisfies Record<string, Figure>;

export type FigureId = keyof typeof FIGURES;

export const figure = (id: FigureId): Figure => FIGURES[id];
