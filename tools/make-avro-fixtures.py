#!/usr/bin/env python3
"""Avro state files from real LocalStack: tools/make-avro-fixtures.py OUTDIR [--ext-schemas DIR]

Run with $LOCALSTATE_PY (localstack-core 2026.3.0 + fastavro + localstack-py-avro-schema; see
tools/setup-real-programs.sh). Starts LocalStack with PERSISTENCE off and a shutdown hook
(tools/sample/avro_hook.py), runs a small offline workload (SQS queues and messages, an S3
bucket with objects, an SNS topic and subscription, a secret, SSM parameters) and stops it: at
shutdown the hook writes each live store with LocalStack's schema generator and fastavro as
OUTDIR/state/<account>/<service>/<region>/store.state.avro (see tools/sample/avro_store.py for
how closely this follows LocalStack Pro's encoder, which needs a licence and is not used).
OUTDIR/manifest.json lists the files and the stores that could not be written.

--ext-schemas DIR: instead, download localstack-ext 2026.3.0 (proprietary: into a temp dir,
never committed), and for each of its shipped `*.store.avsc` schemas write random but
schema-valid records (fixed seed) with fastavro into DIR/<service>/<n>.store.avro.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "sample"))

ACCOUNTS = ("000000000000", "111111111111")


def workload(url: str) -> list:
    import clients

    touched = []
    for account, region in ((ACCOUNTS[0], "us-east-1"), (ACCOUNTS[1], "eu-west-1")):
        sqs = clients.client(url, "sqs", account, region)
        for name in ("orders", "audit.fifo"):
            attrs = {"FifoQueue": "true", "ContentBasedDeduplication": "true"} if name.endswith(".fifo") else {}
            q = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
            for i in range(3):
                extra = {"MessageGroupId": "g"} if name.endswith(".fifo") else {}
                sqs.send_message(QueueUrl=q, MessageBody=f"message {i} in {name}",
                                 MessageAttributes={"n": {"DataType": "Number", "StringValue": str(i)}}, **extra)
            touched.append(f"sqs {account}/{region} {name} (3 messages)")
        sns = clients.client(url, "sns", account, region)
        topic = sns.create_topic(Name="alerts")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{region}:{account}:orders")
        touched.append(f"sns {account}/{region} alerts")
        secrets = clients.client(url, "secretsmanager", account, region)
        secrets.create_secret(Name="db-password", SecretString="hunter2")
        ssm = clients.client(url, "ssm", account, region)
        ssm.put_parameter(Name="/app/mode", Value="test", Type="String")
        touched.append(f"secretsmanager+ssm {account}/{region}")
    s3 = clients.client(url, "s3", ACCOUNTS[0], "us-east-1")
    s3.create_bucket(Bucket="avro-fixtures")
    for i in range(2):
        s3.put_object(Bucket="avro-fixtures", Key=f"obj-{i}.txt", Body=f"body {i}".encode())
    touched.append("s3 avro-fixtures (2 objects)")
    return touched


def from_localstack(out: str) -> int:
    import emulators

    shutil.rmtree(os.path.join(out, "state"), ignore_errors=True)
    os.makedirs(out, exist_ok=True)
    log_dir = emulators.scratch_dir("localstate-avro-logs-")
    fs_root = emulators.scratch_dir("localstate-avro-ls-")
    manifest = os.path.join(log_dir, "avro-manifest.json")
    env = {"LOCALSTATE_AVRO_OUT": out, "LOCALSTATE_AVRO_MANIFEST": manifest,
           "LOCALSTATE_AVRO_LIB": os.path.join(HERE, "sample")}
    ls = emulators.start_localstack(fs_root, log_dir, os.path.join(HERE, "sample", "avro_hook.py"), env)
    try:
        touched = workload(ls.url)
    finally:
        code = ls.stop()
    shutil.rmtree(fs_root, ignore_errors=True)
    if not os.path.exists(manifest):
        print(f"PROBLEM: the hook wrote no manifest; logs in {log_dir}", file=sys.stderr)
        return 1
    report = json.load(open(manifest))
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"touched": touched, **report}, f, indent=1, sort_keys=True)
    written = [s for s in report["stores"] if "file" in s]
    for s in report["stores"]:
        print("  ", json.dumps(s))
    print(f"LocalStack exit {code}; {len(written)} store files; logs in {log_dir}")
    return 0 if written else 1


def ext_schemas(out: str, seed: int = 15) -> int:
    """Random schema-valid records for localstack-ext's shipped store schemas."""
    import fastavro
    from fastavro.utils import generate_many

    tmp = tempfile.mkdtemp(prefix="localstate-ext-")
    try:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                        "localstack-ext==2026.3.0"], check=True)
        archive = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".tar.gz"))
        written = 0
        with tarfile.open(archive) as tar:
            for m in tar.getmembers():
                if not m.name.endswith(".store.avsc"):
                    continue
                parts = m.name.split("/")
                service = parts[parts.index("services") + 1]
                schema = json.load(tar.extractfile(m))
                parsed = fastavro.parse_schema(schema, _write_hint=False)
                random.seed(seed)
                records = list(generate_many(parsed, 2))
                dest = os.path.join(out, service, parts[-1].replace(".avsc", ".avro"))
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                with open(dest, "wb") as f:
                    fastavro.writer(f, parsed, records, codec="deflate")
                written += 1
                print(f"  {service}: {dest}")
        print(f"{written} files from localstack-ext's schemas")
        return 0 if written else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--ext-schemas", action="store_true", help="write records for localstack-ext's schemas instead")
    args = ap.parse_args()
    out = os.path.abspath(args.outdir)
    return ext_schemas(out) if args.ext_schemas else from_localstack(out)


if __name__ == "__main__":
    sys.exit(main())
