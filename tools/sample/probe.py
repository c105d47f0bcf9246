"""A small, id-free summary of the emulators' state, to compare a replay with the recording.

`observe(stack, scopes)` asks the running emulators (directly, not through the proxy) what
each (account, region) holds: SQS message counts per queue, S3 keys and sizes, SNS topic
names, SSM parameter values, Secrets Manager current values, DynamoDB items. Values that
differ on every run (ids, timestamps, receipt handles) are left out, so two runs of the same
successful workload give equal summaries, and a replay that silently dropped a call does not.
"""

import json

from clients import client


def scopes_of_log(entries: list[dict], credential_scope) -> list[tuple[str, str]]:
    """(account, region) pairs named by the credential scopes of a log, in first-seen order."""
    seen = []
    for e in entries:
        key, region, _ = credential_scope(e["h"])
        if key and region and (key[:12], region) not in seen:
            seen.append((key[:12], region))
    return seen


def _sqs(url, account, region):
    c = client(url, "sqs", account, region)
    out = {}
    for q in c.list_queues().get("QueueUrls", []):
        a = c.get_queue_attributes(QueueUrl=q, AttributeNames=["All"])["Attributes"]
        out[q.rsplit("/", 1)[-1]] = {
            "messages": int(a["ApproximateNumberOfMessages"]) + int(a["ApproximateNumberOfMessagesNotVisible"]),
            "visibility_timeout": int(a["VisibilityTimeout"]),
        }
    return out


def _s3(url, account, region):
    c = client(url, "s3", account, region)
    out = {}
    for b in c.list_buckets().get("Buckets", []):
        name = b["Name"]
        objs = c.list_objects_v2(Bucket=name).get("Contents", [])
        out[name] = {o["Key"]: o["Size"] for o in objs}
        out[name + "#multipart-uploads"] = len(c.list_multipart_uploads(Bucket=name).get("Uploads", []))
    return out


def _sns(url, account, region):
    c = client(url, "sns", account, region)
    return sorted(t["TopicArn"].rsplit(":", 1)[-1] for t in c.list_topics().get("Topics", []))


def _ssm(url, account, region):
    c = client(url, "ssm", account, region)
    params = c.describe_parameters().get("Parameters", [])
    out = {}
    for p in params:
        v = c.get_parameter(Name=p["Name"], WithDecryption=True)["Parameter"]
        out[p["Name"]] = {"value": v["Value"], "version": v["Version"]}
    return out


def _secrets(url, account, region):
    c = client(url, "secretsmanager", account, region)
    out = {}
    for s in c.list_secrets().get("SecretList", []):
        v = c.get_secret_value(SecretId=s["Name"])
        out[s["Name"]] = v.get("SecretString", (v.get("SecretBinary") or b"").hex())
    return out


def _dynamodb(url, account, region):
    c = client(url, "dynamodb", account, region)
    out = {}
    for t in c.list_tables().get("TableNames", []):
        items = c.scan(TableName=t)["Items"]
        out[t] = sorted(json.dumps(i, sort_keys=True) for i in items)
    return out


PROBES = {"sqs": _sqs, "s3": _s3, "sns": _sns, "ssm": _ssm, "secretsmanager": _secrets, "dynamodb": _dynamodb}


def observe(st, scopes: list[tuple[str, str]], services: set[str]) -> dict:
    result = {}
    for account, region in scopes:
        for service in sorted(services & PROBES.keys()):
            host, port = st.route(service, account)
            value = PROBES[service](f"http://{host}:{port}", account, region)
            if value:
                result[f"{service}/{account}/{region}"] = value
    return result
