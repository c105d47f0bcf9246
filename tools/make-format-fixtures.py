#!/usr/bin/env python3
"""Regenerates the real-program fixtures of tests/formats_*.rs (stdlib only).

    java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -dbPath D -port 18471
    SHOULD_PERSIST_DATA=true PERSIST_PATH=K PERSIST_FILE_NAME=000000000000.json \
      PERSIST_INTERVAL=1s KINESIS_MOCK_PLAIN_PORT=18472 KINESIS_MOCK_TLS_PORT=18473 node main.js
    tools/make-format-fixtures.py
    cp D/000000000000_us-east-1.db tests/fixtures/dynamodb/
    cp K/000000000000.json tests/fixtures/kinesis/

DynamoDB: table `orders` (S hash + N range, a GSI, an LSI, a stream, every attribute type,
number sort keys from -2.5 to a 33-digit decimal, one update, one delete), `blobs` (binary
hash key, provisioned), `nums` (number hash key). Kinesis: `events` (2 shards; text, JSON,
binary and UTF-8 records) and `ondemand` (4 shards).
"""
import base64
import json
import time
import urllib.request

DDB = "http://127.0.0.1:18471"
KINESIS = "http://127.0.0.1:18472"


def call(endpoint, prefix, service, target, body, content_type):
    req = urllib.request.Request(endpoint, data=json.dumps(body).encode(), headers={
        "Content-Type": content_type,
        "X-Amz-Date": "20260101T000000Z",
        "X-Amz-Target": f"{prefix}.{target}",
        "Authorization": f"AWS4-HMAC-SHA256 Credential=000000000000/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0",
    })
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"{}")


def ddb(target, body):
    return call(DDB, "DynamoDB_20120810", "dynamodb", target, body, "application/x-amz-json-1.0")


def kinesis(target, body):
    return call(KINESIS, "Kinesis_20131202", "kinesis", target, body, "application/x-amz-json-1.1")


def dynamodb():
    ddb("CreateTable", {"TableName": "orders", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}, {"AttributeName": "status", "AttributeType": "S"}, {"AttributeName": "lsk", "AttributeType": "S"}],
      "GlobalSecondaryIndexes": [{"IndexName": "by-status", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
      "LocalSecondaryIndexes": [{"IndexName": "by-lsk", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsk", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}],
      "BillingMode": "PAY_PER_REQUEST", "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}})
    for i, sk in enumerate(["0", "1", "-2.5", "1000", "123456789012345678901234567890.123"]):
        ddb("PutItem", {"TableName": "orders", "Item": {"pk": {"S": "user#0"}, "sk": {"N": sk}, "status": {"S": "open" if i % 2 else "done"}, "lsk": {"S": f"l{i}"},
          "s": {"S": "héllo \"q\""}, "n": {"N": "3.14"}, "b": {"B": "AAEC/w=="}, "bool": {"BOOL": True}, "null": {"NULL": True},
          "ss": {"SS": ["x", "y"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": ["AQ==", "Ag=="]}, "l": {"L": [{"S": "a"}, {"N": "1"}, {"M": {"deep": {"BOOL": False}}}]},
          "m": {"M": {"k": {"S": "v"}, "inner": {"L": []}}}}})
    ddb("CreateTable", {"TableName": "blobs", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "B"}], "BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 3}})
    ddb("PutItem", {"TableName": "blobs", "Item": {"id": {"B": "3q2+7w=="}, "v": {"S": "deadbeef"}}})
    ddb("CreateTable", {"TableName": "nums", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "N"}], "BillingMode": "PAY_PER_REQUEST"})
    for n in ["7", "-1", "0.001"]:
        ddb("PutItem", {"TableName": "nums", "Item": {"id": {"N": n}}})
    ddb("UpdateItem", {"TableName": "orders", "Key": {"pk": {"S": "user#0"}, "sk": {"N": "0"}}, "UpdateExpression": "SET s = :v", "ExpressionAttributeValues": {":v": {"S": "changed"}}})
    ddb("DeleteItem", {"TableName": "orders", "Key": {"pk": {"S": "user#0"}, "sk": {"N": "1"}}})


def kinesis_streams():
    kinesis("CreateStream", {"StreamName": "events", "ShardCount": 2})
    kinesis("CreateStream", {"StreamName": "ondemand", "StreamModeDetails": {"StreamMode": "ON_DEMAND"}})
    time.sleep(1.5)
    for i, data in enumerate([b"hello world", json.dumps({"id": 1, "msg": "json"}).encode(), bytes([0, 1, 2, 255, 254]), "ünïcode".encode()]):
        print(kinesis("PutRecord", {"StreamName": "events", "Data": base64.b64encode(data).decode(), "PartitionKey": f"pk-{i}"}))
    kinesis("PutRecord", {"StreamName": "ondemand", "Data": base64.b64encode(b"x").decode(), "PartitionKey": "a"})
    time.sleep(2.5)


if __name__ == "__main__":
    dynamodb()
    kinesis_streams()
