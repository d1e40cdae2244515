"""The data lake's ETL job (AWS Glue 5.0, PySpark): raw change records to processed Parquet.

Reads the ingestion pipeline's change records, newline-delimited JSON written by the change
processor (functions/change-processor) under

    <source_path>dt=YYYY-MM-DD/hour=HH/<first sequence number>.ndjson

one change per line:

    {"eventID": "...", "eventName": "INSERT|MODIFY|REMOVE", "sequenceNumber": "...",
     "approximateCreationDateTime": "2025-01-31T07:15:00.000Z", "awsRegion": "...",
     "keys": {...}, "newImage": {...}, "oldImage": {...}, "userIdentity": {...}}

and writes one row per change as Parquet under <target_path>, partitioned by the change's UTC date
and hour (dt=YYYY-MM-DD/hour=HH/), with the item images kept as JSON text so that every table
item's attributes fit one schema:

    event_id, event_name, sequence_number, changed_at, aws_region,
    keys_json, new_image_json, old_image_json, user_identity_json, dt, hour

Job bookmarks (the source's and the sink's transformation_ctx, committed by job.commit()) make each
run read only the objects added since the last successful run.
"""

import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, MapType, StructType

#: Change-record fields that hold JSON objects (DynamoDB items unmarshalled to plain JSON).
OBJECT_FIELDS = {
    "keys": "keys_json",
    "newImage": "new_image_json",
    "oldImage": "old_image_json",
    "userIdentity": "user_identity_json",
}
#: The event names DynamoDB streams carry.
EVENT_NAMES = ("INSERT", "MODIFY", "REMOVE")
PARTITION_KEYS = ["dt", "hour"]


def json_text(frame: DataFrame, field: str):
    """The field as JSON text: objects and arrays serialised, scalars as strings, absent as null."""
    if field not in frame.columns:
        return F.lit(None).cast("string")
    data_type = frame.schema[field].dataType
    if isinstance(data_type, (StructType, MapType, ArrayType)):
        return F.to_json(F.col(field))
    return F.col(field).cast("string")


def to_processed(frame: DataFrame) -> DataFrame:
    """One row per valid change: typed columns, images as JSON text, the date and hour partitions."""
    changed_at = F.to_timestamp(F.col("approximateCreationDateTime"))
    valid = (
        F.col("eventID").isNotNull()
        & F.col("eventName").isin(*EVENT_NAMES)
        & F.col("sequenceNumber").isNotNull()
        & changed_at.isNotNull()
    )
    return (
        frame.where(valid)
        .select(
            F.col("eventID").cast("string").alias("event_id"),
            F.col("eventName").cast("string").alias("event_name"),
            F.col("sequenceNumber").cast("string").alias("sequence_number"),
            changed_at.alias("changed_at"),
            F.col("awsRegion").cast("string").alias("aws_region"),
            *[json_text(frame, field).alias(column) for field, column in OBJECT_FIELDS.items()],
            F.date_format(changed_at, "yyyy-MM-dd").alias("dt"),
            F.date_format(changed_at, "HH").alias("hour"),
        )
        # A change read twice (a run that failed after writing) is kept once.
        .dropDuplicates(["event_id"])
    )


def main() -> None:
    args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_path", "target_path"])
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)

    raw = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [args["source_path"]], "recurse": True, "groupFiles": "inPartition"},
        format="json",
        transformation_ctx="raw_events",
    )
    frame = raw.toDF()
    if "eventID" in frame.columns and "approximateCreationDateTime" in frame.columns:
        processed = to_processed(frame)
        glue_context.write_dynamic_frame.from_options(
            frame=DynamicFrame.fromDF(processed, glue_context, "processed_events"),
            connection_type="s3",
            connection_options={"path": args["target_path"], "partitionKeys": PARTITION_KEYS},
            format="glueparquet",
            format_options={"compression": "snappy"},
            transformation_ctx="processed_events",
        )
    else:
        # No new objects since the last run (or none with change records): nothing to write.
        print(f"no change records under {args['source_path']} since the last run")
    job.commit()


if __name__ == "__main__":
    main()
