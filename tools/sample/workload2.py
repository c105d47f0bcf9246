"""Workload 2, for the replay fixtures: calls whose later requests reuse earlier responses.

SQS over both protocols (JSON via boto3, query via a signed form POST with `requests`),
ReceiveMessage + DeleteMessage with the receipt handle, S3 PutObject and a multipart upload,
SNS, SSM, Secrets Manager and DynamoDB (DynamoDB Local).
"""

import re
import urllib.parse

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from clients import client

ACCOUNT, REGION = "000000000000", "us-east-1"


def query_call(endpoint: str, path: str, params: dict) -> str:
    """An SQS query-protocol call: signed form POST, as pre-JSON SDKs sent it. Returns the XML."""
    body = urllib.parse.urlencode({**params, "Version": "2012-11-05"})
    req = AWSRequest(method="POST", url=endpoint + path, data=body,
                     headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials(ACCOUNT, "test"), "sqs", REGION).add_auth(req)
    resp = requests.post(endpoint + path, data=body, headers=dict(req.headers.items()), timeout=60)
    resp.raise_for_status()
    return resp.text


def xml_value(xml: str, tag: str) -> str:
    m = re.search(rf"<{tag}>([^<]*)</{tag}>", xml)
    if not m:
        raise RuntimeError(f"no <{tag}> in {xml[:300]}")
    return m.group(1)


def sqs(endpoint):
    c = client(endpoint, "sqs", ACCOUNT, REGION)
    jobs = c.create_queue(QueueName="jobs")["QueueUrl"]
    c.send_message(QueueUrl=jobs, MessageBody='{"job": 1, "kind": "resize"}')
    c.send_message(QueueUrl=jobs, MessageBody="second job")
    got = c.receive_message(QueueUrl=jobs, MaxNumberOfMessages=1, WaitTimeSeconds=0)["Messages"][0]
    c.delete_message(QueueUrl=jobs, ReceiptHandle=got["ReceiptHandle"])
    c.set_queue_attributes(QueueUrl=jobs, Attributes={"VisibilityTimeout": "60"})
    # the query protocol: CreateQueue, SendMessage to "/" and to the queue path, Receive + Delete
    legacy_url = xml_value(query_call(endpoint, "/", {"Action": "CreateQueue", "QueueName": "legacy"}), "QueueUrl")
    query_call(endpoint, "/", {"Action": "SendMessage", "QueueUrl": legacy_url, "MessageBody": "query protocol hello"})
    path = urllib.parse.urlparse(legacy_url).path
    query_call(endpoint, path, {"Action": "SendMessage", "MessageBody": "sent to the queue path"})
    received = query_call(endpoint, "/", {"Action": "ReceiveMessage", "QueueUrl": legacy_url, "MaxNumberOfMessages": "1"})
    handle = xml_value(received, "ReceiptHandle")
    query_call(endpoint, "/", {"Action": "DeleteMessage", "QueueUrl": legacy_url, "ReceiptHandle": handle})


def s3(endpoint):
    c = client(endpoint, "s3", ACCOUNT, REGION)
    c.create_bucket(Bucket="uploads")
    c.put_object(Bucket="uploads", Key="notes/hello.txt", Body=b"hello replay\n")
    upload_id = c.create_multipart_upload(Bucket="uploads", Key="big/archive.bin")["UploadId"]
    # Every part but the last must be >= 5 MiB, which would make the log ~7 MB; so two small
    # parts are uploaded and the upload is completed with part 2 alone (S3 allows gaps; part 1
    # is discarded). Both UploadPart calls and the completion carry the generated UploadId.
    c.upload_part(Bucket="uploads", Key="big/archive.bin", UploadId=upload_id, PartNumber=1, Body=b"draft part")
    e2 = c.upload_part(Bucket="uploads", Key="big/archive.bin", UploadId=upload_id, PartNumber=2,
                       Body=b"final contents of the archive")["ETag"]
    c.complete_multipart_upload(Bucket="uploads", Key="big/archive.bin", UploadId=upload_id,
                                MultipartUpload={"Parts": [{"ETag": e2, "PartNumber": 2}]})


def sns(endpoint):
    c = client(endpoint, "sns", ACCOUNT, REGION)
    topic = c.create_topic(Name="alerts")["TopicArn"]
    c.publish(TopicArn=topic, Message="disk almost full", Subject="alert")


def ssm(endpoint):
    c = client(endpoint, "ssm", ACCOUNT, REGION)
    c.put_parameter(Name="/replay/mode", Value="strict", Type="String")
    c.put_parameter(Name="/replay/mode", Value="lenient", Type="String", Overwrite=True)


def secrets(endpoint):
    c = client(endpoint, "secretsmanager", ACCOUNT, REGION)
    arn = c.create_secret(Name="replay/token", SecretString="t0k3n")["ARN"]
    c.put_secret_value(SecretId=arn, SecretString="t0k3n-v2")


def dynamodb(endpoint):
    c = client(endpoint, "dynamodb", ACCOUNT, REGION)
    c.create_table(TableName="sessions", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                   BillingMode="PAY_PER_REQUEST")
    c.put_item(TableName="sessions", Item={"id": {"S": "s-1"}, "ttl": {"N": "1767225600"},
                                           "roles": {"SS": ["reader", "writer"]}})
    c.update_item(TableName="sessions", Key={"id": {"S": "s-1"}}, UpdateExpression="SET hits = :one",
                  ExpressionAttributeValues={":one": {"N": "1"}})


def run(endpoint: str) -> None:
    sqs(endpoint)
    s3(endpoint)
    sns(endpoint)
    ssm(endpoint)
    secrets(endpoint)
    dynamodb(endpoint)
