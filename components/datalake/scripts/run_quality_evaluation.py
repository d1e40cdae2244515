"""The data lake's quality gate (an AWS Glue job the workflow runs after the processed crawl).

Starts an evaluation run of the processed table's DQDL ruleset (StartDataQualityRulesetEvaluationRun)
over its most recent partitions, waits for it, and fails the job, naming every failed rule, when the
run does not succeed or any rule does not pass. The workflow, its failure alarm and the run's
results in Glue then tell the operators.

Arguments (the job's default arguments): --ruleset_name, --database_name, --table_name,
--evaluation_role_arn (the role Glue reads the table as), --results_s3_prefix, --evaluation_workers,
--evaluation_timeout_minutes, --evaluation_days (how many days of dt= partitions to check),
--poll_seconds.
"""

import datetime
import sys
import time

import boto3
from awsglue.utils import getResolvedOptions

TERMINAL_STATES = ("SUCCEEDED", "FAILED", "STOPPED", "TIMEOUT")
ARGUMENTS = [
    "JOB_NAME",
    "JOB_RUN_ID",
    "ruleset_name",
    "database_name",
    "table_name",
    "evaluation_role_arn",
    "results_s3_prefix",
    "evaluation_workers",
    "evaluation_timeout_minutes",
    "evaluation_days",
    "poll_seconds",
]


class QualityGateFailed(Exception):
    """The evaluation did not succeed, or a rule did not pass."""


def recent_partitions(days: int, today: datetime.date) -> str:
    """A push-down predicate for the dt= partitions of the last `days` days (today included)."""
    first = today - datetime.timedelta(days=max(days, 1) - 1)
    return f"dt >= '{first.isoformat()}'"


def failed_rules(results: list) -> list:
    """`<ruleset>: <rule> (<result>: <message>)` for every rule result other than PASS."""
    failures = []
    for result in results:
        for rule in result.get("RuleResults", []):
            if rule.get("Result") != "PASS":
                message = rule.get("EvaluationMessage", "")
                failures.append(
                    f"{result.get('RulesetName', '?')}: {rule.get('Name', '?')} ({rule.get('Result', '?')}: {message})"
                )
    return failures


def wait_for_run(glue, run_id: str, poll_seconds: int) -> dict:
    """The evaluation run once it has stopped (succeeded, failed, stopped or timed out)."""
    while True:
        run = glue.get_data_quality_ruleset_evaluation_run(RunId=run_id)
        if run["Status"] in TERMINAL_STATES:
            return run
        time.sleep(poll_seconds)


def evaluate(glue, args: dict, today: datetime.date) -> list:
    """Runs the ruleset and returns the results; raises QualityGateFailed on a failed run or rule."""
    started = glue.start_data_quality_ruleset_evaluation_run(
        DataSource={
            "GlueTable": {
                "DatabaseName": args["database_name"],
                "TableName": args["table_name"],
                "AdditionalOptions": {"pushDownPredicate": recent_partitions(int(args["evaluation_days"]), today)},
            }
        },
        Role=args["evaluation_role_arn"],
        NumberOfWorkers=int(args["evaluation_workers"]),
        Timeout=int(args["evaluation_timeout_minutes"]),
        # A retried job run starts the same evaluation again instead of a second one.
        ClientToken=args["JOB_RUN_ID"][:255],
        AdditionalRunOptions={"CloudWatchMetricsEnabled": False, "ResultsS3Prefix": args["results_s3_prefix"]},
        RulesetNames=[args["ruleset_name"]],
    )
    run = wait_for_run(glue, started["RunId"], int(args["poll_seconds"]))
    if run["Status"] != "SUCCEEDED":
        raise QualityGateFailed(
            f"evaluation run {started['RunId']} ended {run['Status']}: {run.get('ErrorString', 'no error given')}"
        )
    results = [glue.get_data_quality_result(ResultId=result_id) for result_id in run.get("ResultIds", [])]
    failures = failed_rules(results)
    if failures:
        raise QualityGateFailed(f"{len(failures)} rule(s) did not pass: " + "; ".join(failures))
    return results


def main() -> None:
    args = getResolvedOptions(sys.argv, ARGUMENTS)
    glue = boto3.client("glue")
    results = evaluate(glue, args, datetime.datetime.now(datetime.timezone.utc).date())
    scores = ", ".join(f"{r.get('RulesetName', '?')}: {r.get('Score', '?')}" for r in results)
    print(f"data quality passed ({scores})")


if __name__ == "__main__":
    main()
