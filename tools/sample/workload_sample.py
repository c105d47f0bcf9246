"""The workload behind assets/sample-volume: varied state in 2 accounts x 2 regions, and IAM, KMS,
Logs and Step Functions in the first.

Every call goes through the recording proxy to the real emulators.
"""

import json
import time

from clients import client
import workload_resources

ACCOUNTS_REGIONS = [("000000000000", "us-east-1"), ("111111111111", "eu-west-1")]
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def sqs(endpoint, account, region):
    c = client(endpoint, "sqs", account, region)
    dlq = c.create_queue(QueueName="orders-dlq")["QueueUrl"]
    dlq_arn = c.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    orders = c.create_queue(QueueName="orders", Attributes={
        "VisibilityTimeout": "45",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"}),
    })["QueueUrl"]
    audit = c.create_queue(QueueName="audit-log", tags={"team": "platform", "env": "dev"})["QueueUrl"]
    for i in range(3):
        c.send_message(
            QueueUrl=orders,
            MessageBody=json.dumps({"order_id": i, "sku": f"SKU-{100 + i}", "qty": i + 1, "price": 9.99 * (i + 1)}),
            MessageAttributes={
                "source": {"DataType": "String", "StringValue": "web"},
                "priority": {"DataType": "Number", "StringValue": str(i)},
                "raw": {"DataType": "Binary", "BinaryValue": bytes([0, 1, 2, 255 - i])},
            },
        )
    c.send_message(QueueUrl=audit, MessageBody="user alice logged in", DelaySeconds=0)
    c.send_message(QueueUrl=audit, MessageBody="delayed: nightly report due", DelaySeconds=900)
    c.send_message(QueueUrl=audit, MessageBody="plain text with unicode: caf\u00e9 \u2603")
    fifo = c.create_queue(QueueName="payments.fifo",
                          Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    for i in range(3):
        c.send_message(QueueUrl=fifo, MessageBody=json.dumps({"payment": i, "amount": "-12.50"}),
                       MessageGroupId=f"customer-{i % 2}")
    return orders


def s3(endpoint, account, region):
    c = client(endpoint, "s3", account, region)
    bucket = f"sample-{region}-{account[:4]}"
    if region == "us-east-1":
        c.create_bucket(Bucket=bucket)
    else:
        c.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    c.put_object(Bucket=bucket, Key="readme.txt", Body=b"hello from localstate\n", ContentType="text/plain")
    c.put_object(Bucket=bucket, Key="data/config.json", Body=json.dumps({"debug": True, "level": 3}).encode(),
                 ContentType="application/json", Metadata={"owner": "alice"})
    c.put_object(Bucket=bucket, Key="images/pixel.png", Body=PNG_BYTES, ContentType="image/png")
    c.put_object(Bucket=bucket, Key="bin/random.bin", Body=bytes(range(256)))


def sns(endpoint, account, region, queue_url):
    c = client(endpoint, "sns", account, region)
    q = client(endpoint, "sqs", account, region)
    topic = c.create_topic(Name="order-events", Attributes={"DisplayName": "Orders"})["TopicArn"]
    queue_arn = q.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    c.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    c.publish(TopicArn=topic, Message=json.dumps({"event": "order_created", "id": 42}), Subject="created")


def ssm(endpoint, account, region):
    c = client(endpoint, "ssm", account, region)
    c.put_parameter(Name="/app/db/host", Value="db.internal", Type="String", Description="database host")
    c.put_parameter(Name="/app/db/password", Value="s3cr3t!", Type="SecureString")
    c.put_parameter(Name="/app/features", Value="alpha,beta,gamma", Type="StringList")


def secrets(endpoint, account, region):
    c = client(endpoint, "secretsmanager", account, region)
    c.create_secret(Name="prod/api-key", SecretString=json.dumps({"user": "svc", "key": "abc123"}),
                    Description="API credentials")
    c.create_secret(Name="prod/cert", SecretBinary=bytes([0x30, 0x82, 0x01, 0x0a]))


def events(endpoint, account, region):
    c = client(endpoint, "events", account, region)
    c.put_rule(Name="nightly", ScheduleExpression="cron(0 2 * * ? *)", State="ENABLED")
    c.put_rule(Name="order-created", EventPattern=json.dumps({"source": ["shop.orders"]}),
               Description="orders created")


def dynamodb(endpoint, account, region):
    c = client(endpoint, "dynamodb", account, region)
    c.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "email", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-email",
                                 "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        BillingMode="PAY_PER_REQUEST",
    )
    c.create_table(
        TableName="events",
        KeySchema=[{"AttributeName": "stream", "KeyType": "HASH"}, {"AttributeName": "seq", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "stream", "AttributeType": "S"},
                              {"AttributeName": "seq", "AttributeType": "N"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    c.create_table(
        TableName="blobs",
        KeySchema=[{"AttributeName": "digest", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "digest", "AttributeType": "B"}],
        BillingMode="PAY_PER_REQUEST",
    )
    c.put_item(TableName="users", Item={
        "pk": {"S": "user#1"}, "sk": {"S": "profile"}, "email": {"S": "alice@example.com"},
        "age": {"N": "34"}, "balance": {"N": "-1234.5678"}, "big": {"N": "123456789012345678901234567890"},
        "ratio": {"N": "0.000001"}, "avatar": {"B": PNG_BYTES}, "active": {"BOOL": True},
        "deleted": {"BOOL": False}, "nickname": {"NULL": True},
        "tags": {"SS": ["admin", "beta", "caf\u00e9"]}, "scores": {"NS": ["1", "2.5", "-3", "1E+5"]},
        "keys": {"BS": [b"\x00\x01", b"\xff\xfe"]},
        "history": {"L": [{"S": "login"}, {"N": "42"}, {"BOOL": True}, {"NULL": True},
                          {"L": [{"S": "nested"}]}, {"M": {"k": {"S": "v"}}}]},
        "address": {"M": {"street": {"S": "1 Main St"}, "zip": {"N": "12345"},
                          "geo": {"M": {"lat": {"N": "52.52"}, "lon": {"N": "-13.405"}}},
                          "labels": {"SS": ["home"]}}},
    })
    for i in range(2, 5):
        c.put_item(TableName="users", Item={"pk": {"S": f"user#{i}"}, "sk": {"S": "profile"},
                                             "email": {"S": f"user{i}@example.com"}, "age": {"N": str(20 + i)}})
    c.put_item(TableName="users", Item={"pk": {"S": "user#1"}, "sk": {"S": "order#2026-01-05"},
                                         "total": {"N": "99.95"}})
    for seq in ["-5", "0", "1", "2.5", "1000000", "3.14159"]:
        c.put_item(TableName="events", Item={"stream": {"S": "clicks"}, "seq": {"N": seq},
                                              "payload": {"S": f"event {seq}"}})
    for digest in [b"\x01\x02\x03", b"\xde\xad\xbe\xef", b"\x00"]:
        c.put_item(TableName="blobs", Item={"digest": {"B": digest}, "size": {"N": str(len(digest))},
                                             "note": {"S": digest.hex()}})


def kinesis(endpoint, account, region):
    c = client(endpoint, "kinesis", account, region)
    c.create_stream(StreamName="clickstream", ShardCount=2)
    for _ in range(100):
        if c.describe_stream_summary(StreamName="clickstream")["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE":
            break
        time.sleep(0.2)
    records = [
        (b"page_view /home", "user-1"),
        (json.dumps({"event": "click", "x": 10, "y": 20}).encode(), "user-2"),
        (bytes([0, 1, 2, 3, 254, 255]), "user-3"),
        ("unicode caf\u00e9 \u2603".encode(), "user-4"),
        (json.dumps({"event": "purchase", "amount": 12.5}).encode(), "user-5"),
        (b"\x89PNG binary-ish", "user-6"),
    ]
    for data, key in records:
        c.put_record(StreamName="clickstream", Data=data, PartitionKey=key)
    c.put_records(StreamName="clickstream", Records=[{"Data": f"batch {i}".encode(), "PartitionKey": f"k{i}"}
                                                      for i in range(4)])


def run(endpoint: str) -> list[str]:
    """Runs the workload; returns the (account, region, service) list it touched."""
    done = []
    for account, region in ACCOUNTS_REGIONS:
        queue_url = sqs(endpoint, account, region)
        s3(endpoint, account, region)
        sns(endpoint, account, region, queue_url)
        ssm(endpoint, account, region)
        secrets(endpoint, account, region)
        events(endpoint, account, region)
        dynamodb(endpoint, account, region)
        kinesis(endpoint, account, region)
        done.append(f"{account}/{region}: sqs s3 sns ssm secretsmanager events dynamodb kinesis")
    # a second region for the first account, so one account spans two regions
    account, region = "000000000000", "eu-west-1"
    c = client(endpoint, "sqs", account, region)
    url = c.create_queue(QueueName="orders")["QueueUrl"]
    c.send_message(QueueUrl=url, MessageBody="same queue name, other region")
    s3(endpoint, account, region)
    done.append(f"{account}/{region}: sqs s3")
    # services the resource browser shows beyond these, in the first account (the truth
    # workload's own steps: IAM users/roles/policies, KMS keys, log groups, state machines)
    x = workload_resources.Ctx(endpoint, "000000000000", "us-east-1")
    for make in (workload_resources.make_iam, workload_resources.make_kms,
                 workload_resources.make_logs, workload_resources.make_stepfunctions):
        make(x)
    done.append("000000000000/us-east-1: iam kms logs stepfunctions")
    return done
