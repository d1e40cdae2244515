/**
 * The crawlers of the raw and processed zones, and the one role they share: it reads exactly the
 * two zones' objects, writes exactly the lake database's tables, and writes Glue's crawler logs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rolePolicy, type Statement } from "../compute/iam";
import { regionContext } from "../shared/region";
import { objectReadStatements } from "../storage/object-grants";
import type { LakeBucketRef, LakeContext } from "./context";
import {
  catalogArn,
  databaseArn,
  glueArnContext,
  glueLogStatements,
  glueRole,
  tableArn,
  type GlueArnContext,
} from "./glue-access";
import { CRAWLER_DEFAULTS } from "./glue-defaults";

export interface CrawlersArgs {
  /** The catalog database the crawlers write their tables into. */
  databaseName: pulumi.Input<string>;
  /** The security configuration (its name) the crawlers run with. */
  securityConfigurationName: pulumi.Input<string>;
}

export interface LakeCrawlers {
  raw: aws.glue.Crawler;
  processed: aws.glue.Crawler;
  /** The role both crawlers run as. */
  role: aws.iam.Role;
}

/** A zone's crawler configuration: one table per folder at the zone's table level, partitions inherit the table's schema. */
export const crawlerConfiguration = (tableLevel: number): string =>
  JSON.stringify({
    Version: 1.0,
    Grouping: { TableLevelConfiguration: tableLevel },
    CrawlerOutput: { Partitions: { AddOrUpdateBehavior: "InheritFromTable" } },
  });

/** What a crawler may do in the catalog: the database, and its tables (GetTable, CreateTable, partitions, …). */
export function crawlerCatalogStatement(a: GlueArnContext, database: pulumi.Input<string>): Statement {
  return {
    sid: "WriteLakeTables",
    actions: [
      "glue:GetDatabase",
      "glue:GetTable",
      "glue:GetTables",
      "glue:CreateTable",
      "glue:UpdateTable",
      "glue:GetPartition",
      "glue:GetPartitions",
      "glue:BatchGetPartition",
      "glue:CreatePartition",
      "glue:BatchCreatePartition",
      "glue:UpdatePartition",
      "glue:BatchUpdatePartition",
    ],
    resources: [catalogArn(a), databaseArn(a, database), tableArn(a, database, "*")],
  };
}

/**
 * A crawler for each of the raw and processed zones, its only S3 target the zone's prefix; the
 * tables land in the lake database, `raw_<area>` and `processed_<data set>`. Each crawl reads only
 * the folders added since the last (the zones grow by hourly partitions), which AWS allows only
 * with a schema change policy that logs updates and deletions. The workflow's scheduled trigger
 * starts them, so they carry no schedule of their own (a crawler schedule would run them outside
 * the workflow as well).
 */
export function createCrawlers(ctx: LakeContext, lake: LakeBucketRef, args: CrawlersArgs): LakeCrawlers {
  const where = regionContext("DataLake", ctx.region, ctx.parent);
  const a = glueArnContext(ctx);
  const role = glueRole(
    ctx,
    "glue-crawler",
    "The data lake's crawlers: read the raw and processed zones, write the lake's tables",
  );
  const zones = [CRAWLER_DEFAULTS.raw, CRAWLER_DEFAULTS.processed];
  const access = rolePolicy(
    `${ctx.name}-glue-crawler-access`,
    role,
    [
      ...zones.flatMap((zone) =>
        objectReadStatements({
          component: "DataLake",
          bucketArn: lake.bucketArn,
          kmsKeyArn: ctx.kmsKeyArn,
          s3Endpoint: where.serviceEndpoint("s3"),
          prefix: zone.prefix,
        }),
      ),
      crawlerCatalogStatement(a, args.databaseName),
      // Glue names a crawler's log group itself (/aws-glue/crawlers, or a group under
      // /aws-glue/crawlers-role/ with a security configuration): no narrower name is known in advance.
      glueLogStatements(a, ["/aws-glue/crawlers*"], "WriteCrawlerLogs"),
    ],
    { parent: ctx.parent },
  );

  const crawler = (zone: "raw" | "processed") => {
    const settings = CRAWLER_DEFAULTS[zone];
    return new aws.glue.Crawler(
      `${ctx.name}-${zone}-crawler`,
      {
        description: `Catalogs the ${zone} zone (${settings.prefix}) of the data lake ${ctx.name}`,
        databaseName: args.databaseName,
        role: role.arn,
        securityConfiguration: args.securityConfigurationName,
        tablePrefix: settings.tablePrefix,
        s3Targets: [{ path: pulumi.interpolate`s3://${lake.bucketName}/${settings.prefix}` }],
        recrawlPolicy: { recrawlBehavior: CRAWLER_DEFAULTS.recrawlBehavior },
        schemaChangePolicy: {
          updateBehavior: CRAWLER_DEFAULTS.updateBehavior,
          deleteBehavior: CRAWLER_DEFAULTS.deleteBehavior,
        },
        configuration: crawlerConfiguration(settings.tableLevel),
      },
      // A crawler created before its role may read the zones fails its first run.
      { parent: ctx.parent, dependsOn: [access] },
    );
  };
  return { raw: crawler("raw"), processed: crawler("processed"), role };
}
