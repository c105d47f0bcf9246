"""The workload behind tests/fixtures/resources: many services, 2 accounts x 3 regions.

`run(endpoint)` creates resources through the recording proxy (so DynamoDB goes to DynamoDB
Local and Kinesis to the kinesis-mock of the account); a service that fails is skipped, with
the reason in the report. `inventory(endpoint)` then lists, through LocalStack's own API,
every resource of every (service, account, region) the workload touched, as the rows of
`expected.json` (the truth of `localstate resources`, tests/resources_truth.rs):

    {"service", "kind", "name", "account", "region", "collections": {kind: count}}

with the kinds and names of the contract (/work/notes/resources-contract.md, kept in
tests/resources_truth.rs). Resources the emulator made on its own (default VPC, default event
bus, the default schedule group, Lambda's internal bucket…) go to a separate `defaults` list:
`localstate resources` may show them, the test neither requires them nor fails on them. A
default whose name no API returns (STS credentials LocalStack's Lambda assumed) has
`"name": null`, matching any name.
"""

import io
import json
import time
import zipfile

from clients import client

A0, A1 = "000000000000", "111111111111"
USE1, EUW1, APSE2 = "us-east-1", "eu-west-1", "ap-southeast-2"
# LocalStack's internal account (localstack.constants.INTERNAL_RESOURCE_ACCOUNT): Lambda keeps
# its code archives in a bucket there.
INTERNAL_ACCOUNT = "949334387222"
GLOBAL = None  # the region of global resources (IAM, Route53)

# Where each service runs (every account and region is used; not every pair per service).
PLAN = {
    "iam": [(A0, GLOBAL), (A1, GLOBAL)],
    "sqs": [(A0, USE1), (A0, EUW1), (A1, APSE2)],
    "s3": [(A0, USE1), (A1, EUW1), (A0, APSE2)],
    "sns": [(A0, USE1), (A1, EUW1)],
    "dynamodb": [(A0, USE1), (A1, APSE2)],
    "kinesis": [(A0, USE1), (A1, EUW1)],
    "lambda": [(A0, USE1), (A1, APSE2)],
    "kms": [(A0, USE1), (A1, EUW1)],
    "ssm": [(A0, EUW1), (A1, USE1)],
    "secretsmanager": [(A0, USE1), (A1, APSE2)],
    "events": [(A0, USE1), (A1, EUW1)],
    "scheduler": [(A0, APSE2), (A1, USE1)],
    "cloudwatch": [(A0, USE1), (A1, EUW1)],
    "logs": [(A0, USE1), (A0, APSE2), (A1, EUW1)],
    "cloudformation": [(A0, USE1), (A1, EUW1)],
    "stepfunctions": [(A0, USE1), (A1, APSE2)],
    "apigateway": [(A0, EUW1), (A1, USE1)],
    "route53": [(A0, GLOBAL), (A1, GLOBAL)],
    # one region: moto's EC2 backend is ~0.8 MB a region (1,181 default AMIs and their
    # snapshots), and any EC2 call anywhere also makes the backend of 000000000000/us-east-1
    "ec2": [(A0, USE1)],
    "ses": [(A0, USE1), (A1, EUW1)],
    "firehose": [(A0, APSE2)],
    "acm": [(A0, USE1)],
    # services without a profile in localstate (kinds by discovery)
    "swf": [(A0, USE1)],
    "resource-groups": [(A1, EUW1)],
}
PAIRS = [(a, r) for a in (A0, A1) for r in (USE1, EUW1, APSE2)]
GLOBAL_SERVICES = ("iam", "route53")
# The inventory lists every service in every pair (a service makes resources in others': the
# stack's queue and topic, the secret of an EventBridge connection, the SES identities of an
# SNS email subscription; and defaults appear where the workload never went: default event
# buses, schedule groups). Not EC2: listing it in a region makes that region's default VPC.
LISTED_ONLY_WHERE_PLANNED = ("ec2",)
# The identities the workload verifies; SNS email delivery verifies its sender and recipient.
SES_IDENTITIES = ("noreply@shop.example", "shop.example")

PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
TRUST_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


class Ctx:
    """One (account, region) of one service; `c(name)` is a boto3 client for it."""

    def __init__(self, endpoint: str, account: str, region: str | None):
        self.endpoint, self.account, self.region = endpoint, account, region

    def c(self, service: str, region: str | None = None):
        return client(self.endpoint, service, self.account, region or self.region or USE1)

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region or ''}:{self.account}:{resource}"


def wait_for(what: str, check, timeout: float = 30):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.time() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.3)


MARKERS = ("Marker", "NextMarker")  # pagination of Lambda, KMS, Route53
IAM_MARKERS = ("Marker", "Marker")


def pages(call, key: str, token_in: str, token_out: str, **kwargs) -> list:
    """All items of a paginated list call (LocalStack pages some lists at 100)."""
    items, token = [], None
    while True:
        resp = call(**kwargs, **({token_in: token} if token else {}))
        items += resp.get(key, [])
        token = resp.get(token_out)
        if not token:
            return items


# ---------------------------------------------------------------------------- the workload

def make_iam(x: Ctx):
    c = x.c("iam")
    for user in ("alice", "bob") if x.account == A0 else ("carol",):
        c.create_user(UserName=user, Tags=[{"Key": "team", "Value": "platform"}])
    c.create_group(GroupName="developers")
    c.add_user_to_group(GroupName="developers", UserName="alice" if x.account == A0 else "carol")
    c.create_role(RoleName="lambda-exec", AssumeRolePolicyDocument=TRUST_POLICY)
    c.create_role(RoleName="pipeline", AssumeRolePolicyDocument=TRUST_POLICY, Path="/service/")
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    arn = c.create_policy(PolicyName="read-artifacts", PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
    c.attach_role_policy(RoleName="pipeline", PolicyArn=arn)
    c.attach_group_policy(GroupName="developers", PolicyArn=arn)
    c.put_user_policy(UserName="alice" if x.account == A0 else "carol", PolicyName="inline",
                      PolicyDocument=json.dumps(doc))
    c.create_instance_profile(InstanceProfileName="web-servers")


def make_sqs(x: Ctx):
    c = x.c("sqs")
    dlq = c.create_queue(QueueName="orders-dlq")["QueueUrl"]
    dlq_arn = c.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    orders = c.create_queue(QueueName="orders", Attributes={
        "VisibilityTimeout": "45",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})})["QueueUrl"]
    for i in range(3 if x.region == USE1 else 2):
        c.send_message(QueueUrl=orders, MessageBody=json.dumps({"order": i}),
                       MessageAttributes={"source": {"DataType": "String", "StringValue": "web"}})
    fifo = c.create_queue(QueueName="payments.fifo",
                          Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
    for i in range(4):
        c.send_message(QueueUrl=fifo, MessageBody=json.dumps({"payment": i}), MessageGroupId=f"customer-{i % 2}")


def _bucket(c, name: str, region: str):
    if region == USE1:
        c.create_bucket(Bucket=name)
    else:
        c.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})


def make_s3(x: Ctx):
    c = x.c("s3")
    tag = f"{x.account[:3]}-{x.region}"
    _bucket(c, f"assets-{tag}", x.region)
    c.put_object(Bucket=f"assets-{tag}", Key="readme.txt", Body=b"hello from localstate\n")
    c.put_object(Bucket=f"assets-{tag}", Key="img/pixel.png", Body=PNG_BYTES, ContentType="image/png")
    c.put_object(Bucket=f"assets-{tag}", Key="data/config.json", Body=b'{"debug": true}')
    if x.region == USE1:
        # a versioned bucket: readme.txt twice (2 versions, 1 object) and one more key
        c.create_bucket(Bucket=f"versioned-{tag}")
        c.put_bucket_versioning(Bucket=f"versioned-{tag}", VersioningConfiguration={"Status": "Enabled"})
        c.put_object(Bucket=f"versioned-{tag}", Key="readme.txt", Body=b"v1")
        c.put_object(Bucket=f"versioned-{tag}", Key="readme.txt", Body=b"v2")
        c.put_object(Bucket=f"versioned-{tag}", Key="notes/todo.txt", Body=b"ship it")
        _bucket(c, f"empty-{tag}", x.region)


def make_sns(x: Ctx):
    c, q = x.c("sns"), x.c("sqs")
    topic = c.create_topic(Name="order-events", Attributes={"DisplayName": "Orders"})["TopicArn"]
    for name in ("order-events-audit", "order-events-billing"):
        url = q.create_queue(QueueName=name)["QueueUrl"]
        arn = q.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        c.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
    c.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    c.create_topic(Name="alerts.fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"})
    c.create_topic(Name="no-subscribers")
    c.publish(TopicArn=topic, Message=json.dumps({"event": "order_created", "id": 42}))
    for name in ("order-events-audit", "order-events-billing"):  # delivered before the inventory
        url = q.get_queue_url(QueueName=name)["QueueUrl"]
        wait_for(f"the message in {name}", lambda: int(q.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"]))


def make_dynamodb(x: Ctx):
    c = x.c("dynamodb")
    c.create_table(TableName="users",
                   KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                         {"AttributeName": "sk", "AttributeType": "S"}],
                   BillingMode="PAY_PER_REQUEST")
    c.create_table(TableName="counters", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "N"}],
                   ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    for i in range(5 if x.account == A0 else 3):
        c.put_item(TableName="users", Item={"pk": {"S": f"user#{i}"}, "sk": {"S": "profile"},
                                             "age": {"N": str(20 + i)}, "tags": {"SS": ["a", "b"]}})
    c.put_item(TableName="counters", Item={"id": {"N": "1"}, "hits": {"N": "41"}})
    if x.account == A0:
        c.create_table(TableName="empty", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "B"}],
                       BillingMode="PAY_PER_REQUEST")


def make_kinesis(x: Ctx):
    c = x.c("kinesis")
    for name, shards, records in (("clickstream", 2, 7), ("audit", 1, 3)):
        c.create_stream(StreamName=name, ShardCount=shards)
        wait_for(f"stream {name}", lambda: c.describe_stream_summary(StreamName=name)
                 ["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE")
        for i in range(records):
            c.put_record(StreamName=name, Data=json.dumps({"n": i}).encode(), PartitionKey=f"user-{i}")


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", source)
    return buf.getvalue()


def make_lambda(x: Ctx):
    c = x.c("lambda")
    role = f"arn:aws:iam::{x.account}:role/lambda-exec"
    for name in ("resize-image", "send-email"):
        c.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="index.handler",
                          Code={"ZipFile": _zip(f"def handler(event, context):\n    return {name!r}\n")},
                          Environment={"Variables": {"STAGE": "dev"}}, Timeout=30, Publish=name == "send-email")
    # Without Docker a function goes Pending -> Failed: versions and aliases still work, updates
    # of its code or configuration do not. Publishing again without a change returns version 1
    # again (as AWS does), so both aliases point at 1.
    wait_for("resize-image to leave Pending",
             lambda: c.get_function(FunctionName="resize-image")["Configuration"]["State"] != "Pending")
    v1 = c.publish_version(FunctionName="resize-image", Description="first")["Version"]
    v2 = c.publish_version(FunctionName="resize-image", Description="second")["Version"]
    c.create_alias(FunctionName="resize-image", Name="live", FunctionVersion=v2)
    c.create_alias(FunctionName="resize-image", Name="previous", FunctionVersion=v1)
    c.publish_layer_version(LayerName="common-utils", Content={"ZipFile": _zip("HELPER = 1\n")},
                            CompatibleRuntimes=["python3.12"])
    # an event source mapping on a queue of its own that stays empty (the poller would take
    # messages of another queue in flight)
    q = x.c("sqs")
    url = q.create_queue(QueueName="resize-requests")["QueueUrl"]
    arn = q.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    c.create_event_source_mapping(FunctionName="resize-image", EventSourceArn=arn, BatchSize=5)


def make_kms(x: Ctx):
    c = x.c("kms")
    k1 = c.create_key(Description="app data key")["KeyMetadata"]["KeyId"]
    k2 = c.create_key(Description="signing key", KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")["KeyMetadata"]["KeyId"]
    c.create_alias(AliasName="alias/app-data", TargetKeyId=k1)
    c.create_alias(AliasName="alias/signing", TargetKeyId=k2)


def make_ssm(x: Ctx):
    c = x.c("ssm")
    c.put_parameter(Name="/app/db/host", Value="db.internal", Type="String")
    c.put_parameter(Name="/app/db/password", Value="s3cr3t!", Type="SecureString")
    c.put_parameter(Name="/app/features", Value="alpha,beta", Type="StringList")
    c.put_parameter(Name="/app/db/host", Value="db2.internal", Type="String", Overwrite=True)
    c.put_parameter(Name="plain-name", Value="x", Type="String")


def make_secretsmanager(x: Ctx):
    c = x.c("secretsmanager")
    c.create_secret(Name="prod/api-key", SecretString=json.dumps({"user": "svc", "key": "abc123"}))
    c.put_secret_value(SecretId="prod/api-key", SecretString=json.dumps({"user": "svc", "key": "rotated"}))
    c.create_secret(Name="prod/cert", SecretBinary=bytes([0x30, 0x82, 0x01, 0x0a]))
    c.create_secret(Name="empty-secret", Description="created without a value")


def make_events(x: Ctx):
    c = x.c("events")
    bus = c.create_event_bus(Name="orders")["EventBusArn"]
    c.put_rule(Name="order-created", EventBusName="orders", EventPattern=json.dumps({"source": ["shop.orders"]}))
    c.put_rule(Name="order-cancelled", EventBusName="orders",
               EventPattern=json.dumps({"detail-type": ["cancelled"]}), State="DISABLED")
    c.put_rule(Name="nightly", ScheduleExpression="cron(0 2 * * ? *)")  # on the default bus
    c.create_archive(ArchiveName="orders-archive", EventSourceArn=bus, RetentionDays=7)
    conn = c.create_connection(Name="partner-api", AuthorizationType="API_KEY", AuthParameters={
        "ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k"}})["ConnectionArn"]
    c.create_api_destination(Name="partner-webhook", ConnectionArn=conn, HttpMethod="POST",
                             InvocationEndpoint="https://partner.example.com/hook")


def make_scheduler(x: Ctx):
    c = x.c("scheduler")
    c.create_schedule_group(Name="batch-jobs")
    target = {"Arn": x.arn("sqs", "jobs"), "RoleArn": f"arn:aws:iam::{x.account}:role/scheduler"}
    c.create_schedule(Name="nightly-export", GroupName="batch-jobs", ScheduleExpression="cron(0 3 * * ? *)",
                      FlexibleTimeWindow={"Mode": "OFF"}, Target=target)
    c.create_schedule(Name="hourly-ping", ScheduleExpression="rate(1 hour)",
                      FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 5}, Target=target)


def make_cloudwatch(x: Ctx):
    c = x.c("cloudwatch")
    c.put_metric_data(Namespace="Shop", MetricData=[
        {"MetricName": "OrdersPlaced", "Value": 3, "Unit": "Count"},
        {"MetricName": "CheckoutLatency", "Value": 120.5, "Unit": "Milliseconds",
         "Dimensions": [{"Name": "Page", "Value": "checkout"}]}])
    c.put_metric_alarm(AlarmName="high-latency", Namespace="Shop", MetricName="CheckoutLatency",
                       Dimensions=[{"Name": "Page", "Value": "checkout"}], Statistic="Average", Period=60,
                       EvaluationPeriods=1, Threshold=500, ComparisonOperator="GreaterThanThreshold")
    c.put_metric_alarm(AlarmName="no-orders", Namespace="Shop", MetricName="OrdersPlaced", Statistic="Sum",
                       Period=300, EvaluationPeriods=2, Threshold=1, ComparisonOperator="LessThanThreshold")


def make_logs(x: Ctx):
    c = x.c("logs")
    now = int(time.time() * 1000)
    c.create_log_group(logGroupName="/app/web", tags={"team": "web"})
    for stream, n in (("i-0001", 3), ("i-0002", 1)):
        c.create_log_stream(logGroupName="/app/web", logStreamName=stream)
        c.put_log_events(logGroupName="/app/web", logStreamName=stream,
                         logEvents=[{"timestamp": now + i, "message": f"{stream} line {i}"} for i in range(n)])
    c.create_log_group(logGroupName="/app/worker")
    c.put_retention_policy(logGroupName="/app/worker", retentionInDays=7)


STACK_TEMPLATE = json.dumps({
    "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "cfn-jobs"}},
                  "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "cfn-notices"}}},
    "Outputs": {"QueueUrl": {"Value": {"Ref": "Queue"}}, "TopicArn": {"Value": {"Ref": "Topic"}}}})


def make_cloudformation(x: Ctx):
    c = x.c("cloudformation")
    c.create_stack(StackName="app-stack", TemplateBody=STACK_TEMPLATE)
    def settled():
        status = c.describe_stacks(StackName="app-stack")["Stacks"][0]["StackStatus"]
        return None if status.endswith("_IN_PROGRESS") else status

    status = wait_for("app-stack", settled, 60)
    if status != "CREATE_COMPLETE":
        raise RuntimeError(f"app-stack: {status}")


PASS_MACHINE = json.dumps({"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Result": {"ok": True}, "End": True}}})


def make_stepfunctions(x: Ctx):
    c = x.c("stepfunctions")
    role = f"arn:aws:iam::{x.account}:role/sfn"
    arn = c.create_state_machine(name="hello-pass", definition=PASS_MACHINE, roleArn=role)["stateMachineArn"]
    c.create_state_machine(name="never-run", definition=PASS_MACHINE, roleArn=role)
    runs = [c.start_execution(stateMachineArn=arn, name=f"run-{i}", input="{}")["executionArn"] for i in range(2)]
    for run in runs:
        wait_for(run, lambda: c.describe_execution(executionArn=run)["status"] != "RUNNING")


def make_apigateway(x: Ctx):
    c = x.c("apigateway")
    api = c.create_rest_api(name="shop-api", description="orders API")["id"]
    root = next(r["id"] for r in c.get_resources(restApiId=api)["items"] if r["path"] == "/")
    orders = c.create_resource(restApiId=api, parentId=root, pathPart="orders")["id"]
    one = c.create_resource(restApiId=api, parentId=orders, pathPart="{id}")["id"]
    for res in (orders, one):
        c.put_method(restApiId=api, resourceId=res, httpMethod="GET", authorizationType="NONE")
        c.put_integration(restApiId=api, resourceId=res, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    c.create_deployment(restApiId=api, stageName="prod")
    c.create_rest_api(name="empty-api")


def make_route53(x: Ctx):
    c = x.c("route53")
    zone = "shop.example" if x.account == A0 else "internal.example"
    zid = c.create_hosted_zone(Name=zone, CallerReference=f"{zone}-1")["HostedZone"]["Id"]
    c.change_resource_record_sets(HostedZoneId=zid, ChangeBatch={"Changes": [
        {"Action": "CREATE", "ResourceRecordSet": {"Name": f"www.{zone}", "Type": "A", "TTL": 60,
                                                   "ResourceRecords": [{"Value": "10.0.0.1"}]}},
        {"Action": "CREATE", "ResourceRecordSet": {"Name": f"api.{zone}", "Type": "CNAME", "TTL": 300,
                                                   "ResourceRecords": [{"Value": f"www.{zone}"}]}}]})


def make_ec2(x: Ctx):
    c = x.c("ec2")
    c.create_key_pair(KeyName="deploy")
    vpc = c.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
    subnets = [c.create_subnet(VpcId=vpc, CidrBlock=f"10.10.{i}.0/24")["Subnet"]["SubnetId"] for i in (1, 2)]
    sg = c.create_security_group(GroupName="web", Description="web servers", VpcId=vpc)["GroupId"]
    c.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    c.run_instances(ImageId="ami-03cf127a", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                    SubnetId=subnets[0], KeyName="deploy", SecurityGroupIds=[sg])


def make_ses(x: Ctx):
    c = x.c("ses")
    c.verify_email_identity(EmailAddress="noreply@shop.example")
    c.verify_domain_identity(Domain="shop.example")


def make_firehose(x: Ctx):
    s3 = x.c("s3")
    bucket = f"firehose-sink-{x.account[:3]}-{x.region}"
    _bucket(s3, bucket, x.region)
    c = x.c("firehose")
    c.create_delivery_stream(DeliveryStreamName="clicks-to-s3", DeliveryStreamType="DirectPut",
                             S3DestinationConfiguration={"RoleARN": f"arn:aws:iam::{x.account}:role/firehose",
                                                         "BucketARN": f"arn:aws:s3:::{bucket}"})


def make_acm(x: Ctx):
    c = x.c("acm")
    c.request_certificate(DomainName="shop.example", SubjectAlternativeNames=["www.shop.example"])
    c.request_certificate(DomainName="api.shop.example")


def make_swf(x: Ctx):
    c = x.c("swf")
    for name in ("orders-workflows", "billing-workflows"):
        c.register_domain(name=name, workflowExecutionRetentionPeriodInDays="7")


def make_resource_groups(x: Ctx):
    c = x.c("resource-groups")
    query = {"ResourceTypeFilters": ["AWS::AllSupported"], "TagFilters": [{"Key": "team", "Values": ["web"]}]}
    c.create_group(Name="web-resources", ResourceQuery={"Type": "TAG_FILTERS_1_0", "Query": json.dumps(query)})


# Not attempted, and why (they go into expected.json's `skipped` too).
NOT_ATTEMPTED = {
    "opensearch": "CreateDomain makes LocalStack download and install an OpenSearch server: not offline",
    "dynamodb/kinesis inside LocalStack": "LocalStack would download DynamoDB Local / kinesis-mock; the stack "
                                          "runs both itself (stack.py), so their state is theirs, not a store",
}

MAKERS = {name: globals()[f"make_{name.replace('-', '_')}"] for name in PLAN}


def run(endpoint: str) -> tuple[list[str], dict[str, str]]:
    """Runs the workload; returns (what was done, {service: why it was skipped})."""
    done, skipped = [], dict(NOT_ATTEMPTED)
    for service, pairs in PLAN.items():
        for account, region in pairs:
            t0 = time.perf_counter()
            try:
                MAKERS[service](Ctx(endpoint, account, region))
                done.append(f"{service} {account}/{region or 'global'} ({time.perf_counter() - t0:.1f} s)")
            except Exception as e:  # a service that fails offline: skipped, and said why
                skipped[f"{service} {account}/{region or 'global'}"] = f"{type(e).__name__}: {e}"
    return done, skipped


# ---------------------------------------------------------------------------- the inventory

class Rows:
    """The expected and the default resources of one (service, account, region)."""

    def __init__(self, service: str, x: Ctx):
        self.service, self.x = service, x
        self.expected, self.defaults = [], []

    def add(self, kind: str, name: str, collections: dict | None = None, default: str | None = None,
            region: str | None = ...):
        row = {"service": self.service, "kind": kind, "name": name, "account": self.x.account,
               "region": self.x.region if region is ... else region, "collections": collections or {}}
        if default:
            self.defaults.append({**row, "why": default})
        else:
            self.expected.append(row)

    def each(self, kind: str, call, items: str, name: str | None, tokens=("NextToken", "NextToken"), **kwargs):
        """One resource per item of a paginated list call, named by the item's `name` field
        (or the item itself)."""
        for item in pages(call, items, *tokens, **kwargs):
            self.add(kind, item[name] if name else item)


def _iam_policies(c, entity: str, name: str) -> dict:
    """The inline and attached policies of a user, role or group, as LocalStack lists them
    (ListUserPolicies and ListAttachedUserPolicies, and their role and group twins)."""
    arg = {f"{entity.capitalize()}Name": name}
    inline = pages(getattr(c, f"list_{entity}_policies"), "PolicyNames", *IAM_MARKERS, **arg)
    attached = pages(getattr(c, f"list_attached_{entity}_policies"), "AttachedPolicies", *IAM_MARKERS, **arg)
    return {"inline policy": len(inline), "attached policy": len(attached)}


def list_iam(r: Rows):
    c = r.x.c("iam")
    for user in pages(c.list_users, "Users", *IAM_MARKERS):
        r.add("user", user["UserName"], _iam_policies(c, "user", user["UserName"]))
    for group in pages(c.list_groups, "Groups", *IAM_MARKERS):
        r.add("group", group["GroupName"], _iam_policies(c, "group", group["GroupName"]))
    for role in pages(c.list_roles, "Roles", *IAM_MARKERS):
        service_linked = role["Path"].startswith("/aws-service-role/")
        r.add("role", role["RoleName"], _iam_policies(c, "role", role["RoleName"]),
              default="service-linked role" if service_linked else None)
    for policy in pages(c.list_policies, "Policies", *IAM_MARKERS, Scope="Local"):
        versions = pages(c.list_policy_versions, "Versions", *IAM_MARKERS, PolicyArn=policy["Arn"])
        r.add("policy", policy["PolicyName"], {"version": len(versions)})
    r.each("instance profile", c.list_instance_profiles, "InstanceProfiles", "InstanceProfileName", IAM_MARKERS)


def _sqs_messages(c, url: str) -> int:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
             "ApproximateNumberOfMessagesDelayed"]
    attrs = c.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(attrs.get(n, 0)) for n in names)


def list_sqs(r: Rows):
    c = r.x.c("sqs")
    for url in pages(c.list_queues, "QueueUrls", "NextToken", "NextToken"):
        r.add("queue", url.rsplit("/", 1)[-1], {"message": _sqs_messages(c, url)})


def list_s3(r: Rows):
    """Buckets are global per account: each is listed in its own region (GetBucketLocation)."""
    c = r.x.c("s3")
    for b in c.list_buckets().get("Buckets", []):
        region = c.get_bucket_location(Bucket=b["Name"]).get("LocationConstraint") or USE1
        if region != r.x.region:
            continue
        objects = pages(c.list_objects_v2, "Contents", "ContinuationToken", "NextContinuationToken", Bucket=b["Name"])
        default = "LocalStack's internal bucket (Lambda code)" if r.x.account == INTERNAL_ACCOUNT else None
        r.add("bucket", b["Name"], {"object": len(objects)}, default=default)


def list_sns(r: Rows):
    c = r.x.c("sns")
    for t in pages(c.list_topics, "Topics", "NextToken", "NextToken"):
        subs = pages(c.list_subscriptions_by_topic, "Subscriptions", "NextToken", "NextToken", TopicArn=t["TopicArn"])
        r.add("topic", t["TopicArn"].rsplit(":", 1)[-1], {"subscription": len(subs)})


def list_dynamodb(r: Rows):
    c = r.x.c("dynamodb")
    for t in pages(c.list_tables, "TableNames", "ExclusiveStartTableName", "LastEvaluatedTableName"):
        count, start = 0, None
        while True:
            resp = c.scan(TableName=t, Select="COUNT", **({"ExclusiveStartKey": start} if start else {}))
            count += resp["Count"]
            start = resp.get("LastEvaluatedKey")
            if not start:
                break
        r.add("table", t, {"item": count})


def list_kinesis(r: Rows):
    c = r.x.c("kinesis")
    for name in c.list_streams(Limit=1000)["StreamNames"]:
        records = 0
        for shard in c.list_shards(StreamName=name)["Shards"]:
            it = c.get_shard_iterator(StreamName=name, ShardId=shard["ShardId"],
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while it:
                resp = c.get_records(ShardIterator=it, Limit=1000)
                records += len(resp["Records"])
                it = resp.get("NextShardIterator") if resp["Records"] else None
        r.add("stream", name, {"record": records})


def list_lambda(r: Rows):
    c = r.x.c("lambda")
    for f in pages(c.list_functions, "Functions", *MARKERS):
        name = f["FunctionName"]
        versions = pages(c.list_versions_by_function, "Versions", *MARKERS, FunctionName=name)
        aliases = pages(c.list_aliases, "Aliases", *MARKERS, FunctionName=name)
        r.add("function", name, {"version": len(versions), "alias": len(aliases)})
    r.each("event source mapping", c.list_event_source_mappings, "EventSourceMappings", "UUID", MARKERS)
    r.each("layer", c.list_layers, "Layers", "LayerName", MARKERS)


def list_kms(r: Rows):
    c = r.x.c("kms")
    for k in pages(c.list_keys, "Keys", *MARKERS):
        meta = c.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
        r.add("key", k["KeyId"], default="AWS managed key" if meta.get("KeyManager") == "AWS" else None)
    for a in pages(c.list_aliases, "Aliases", *MARKERS):
        if a["AliasName"].startswith("alias/aws/"):
            # LocalStack lists the AWS aliases without storing them unless a key backs one
            if a.get("TargetKeyId"):
                r.add("alias", a["AliasName"], default="AWS managed alias")
        else:
            r.add("alias", a["AliasName"])


def list_ssm(r: Rows):
    c = r.x.c("ssm")
    r.each("parameter", c.describe_parameters, "Parameters", "Name")


def list_secretsmanager(r: Rows):
    c = r.x.c("secretsmanager")
    for s in pages(c.list_secrets, "SecretList", "NextToken", "NextToken"):
        versions = pages(c.list_secret_version_ids, "Versions", "NextToken", "NextToken", SecretId=s["ARN"])
        made_by_events = s["Name"].startswith("events!connection/")
        r.add("secret", s["Name"], {"version": len(versions)},
              default="the secret EventBridge keeps a connection's authorization in" if made_by_events else None)


def list_events(r: Rows):
    c = r.x.c("events")
    for bus in pages(c.list_event_buses, "EventBuses", "NextToken", "NextToken"):
        rules = pages(c.list_rules, "Rules", "NextToken", "NextToken", EventBusName=bus["Name"])
        r.add("event bus", bus["Name"], {"rule": len(rules)},
              default="the default event bus" if bus["Name"] == "default" else None)
    r.each("archive", c.list_archives, "Archives", "ArchiveName")
    r.each("connection", c.list_connections, "Connections", "Name")
    r.each("api destination", c.list_api_destinations, "ApiDestinations", "Name")


def list_scheduler(r: Rows):
    c = r.x.c("scheduler")
    for g in pages(c.list_schedule_groups, "ScheduleGroups", "NextToken", "NextToken"):
        r.add("schedule group", g["Name"], default="the default schedule group" if g["Name"] == "default" else None)
    r.each("schedule", c.list_schedules, "Schedules", "Name")


def list_cloudwatch(r: Rows):
    c = r.x.c("cloudwatch")
    r.each("alarm", c.describe_alarms, "MetricAlarms", "AlarmName")
    r.each("alarm", c.describe_alarms, "CompositeAlarms", "AlarmName", AlarmTypes=["CompositeAlarm"])
    for m in pages(c.list_metrics, "Metrics", "NextToken", "NextToken"):
        r.add("metric", m["MetricName"],
              default="a metric LocalStack published" if m["Namespace"].startswith("AWS/") else None)


def list_logs(r: Rows):
    c = r.x.c("logs")
    for g in pages(c.describe_log_groups, "logGroups", "nextToken", "nextToken"):
        streams = pages(c.describe_log_streams, "logStreams", "nextToken", "nextToken", logGroupName=g["logGroupName"])
        r.add("log group", g["logGroupName"], {"log stream": len(streams)},
              default="a log group LocalStack wrote" if g["logGroupName"].startswith("/aws/") else None)


def list_cloudformation(r: Rows):
    c = r.x.c("cloudformation")
    for s in pages(c.describe_stacks, "Stacks", "NextToken", "NextToken"):
        res = pages(c.list_stack_resources, "StackResourceSummaries", "NextToken", "NextToken", StackName=s["StackName"])
        r.add("stack", s["StackName"], {"stack resource": len(res), "output": len(s.get("Outputs", []))})


def list_stepfunctions(r: Rows):
    c = r.x.c("stepfunctions")
    for m in pages(c.list_state_machines, "stateMachines", "nextToken", "nextToken"):
        runs = pages(c.list_executions, "executions", "nextToken", "nextToken", stateMachineArn=m["stateMachineArn"])
        r.add("state machine", m["name"], {"execution": len(runs)})


def list_apigateway(r: Rows):
    c = r.x.c("apigateway")
    for api in pages(c.get_rest_apis, "items", "position", "position"):
        resources = pages(c.get_resources, "items", "position", "position", restApiId=api["id"])
        stages = c.get_stages(restApiId=api["id"]).get("item", [])
        r.add("rest api", api["name"], {"resource": len(resources), "stage": len(stages)})


def list_route53(r: Rows):
    c = r.x.c("route53")
    for z in pages(c.list_hosted_zones, "HostedZones", *MARKERS):
        records, start = [], {}
        while True:
            resp = c.list_resource_record_sets(HostedZoneId=z["Id"], **start)
            records += resp["ResourceRecordSets"]
            if not resp.get("IsTruncated"):
                break
            start = {"StartRecordName": resp["NextRecordName"], "StartRecordType": resp["NextRecordType"]}
        r.add("hosted zone", z["Name"], {"record set": len(records)})


def list_ec2(r: Rows):
    c = r.x.c("ec2")
    for v in c.describe_vpcs()["Vpcs"]:
        r.add("vpc", v["VpcId"], default="the default VPC" if v.get("IsDefault") else None)
    for s in c.describe_subnets()["Subnets"]:
        r.add("subnet", s["SubnetId"], default="a default subnet" if s.get("DefaultForAz") else None)
    for g in c.describe_security_groups()["SecurityGroups"]:
        r.add("security group", g["GroupId"],
              default="the default security group of a VPC" if g["GroupName"] == "default" else None)
    for k in c.describe_key_pairs()["KeyPairs"]:
        r.add("key pair", k["KeyName"])
    for res in c.describe_instances()["Reservations"]:
        for i in res["Instances"]:
            r.add("instance", i["InstanceId"])


def list_ses(r: Rows):
    c = r.x.c("ses")
    for ident in pages(c.list_identities, "Identities", "NextToken", "NextToken"):
        r.add("identity", ident,
              default=None if ident in SES_IDENTITIES else "verified by LocalStack's SNS email delivery")


def list_firehose(r: Rows):
    c = r.x.c("firehose")
    for name in c.list_delivery_streams(Limit=100)["DeliveryStreamNames"]:
        r.add("delivery stream", name)


def list_acm(r: Rows):
    c = r.x.c("acm")
    r.each("certificate", c.list_certificates, "CertificateSummaryList", "DomainName")


# Services without a profile: the kind is the class name by the contract's discovery rule
# (moto `swf.models.domain.Domain` -> "domain", `resourcegroups.models.FakeResourceGroup` ->
# "resource group").
def list_swf(r: Rows):
    c = r.x.c("swf")
    r.each("domain", c.list_domains, "domainInfos", "name", ("nextPageToken", "nextPageToken"),
           registrationStatus="REGISTERED")


def list_resource_groups(r: Rows):
    c = r.x.c("resource-groups")
    r.each("resource group", c.list_groups, "GroupIdentifiers", "GroupName")


LISTERS = {name: globals()[f"list_{name.replace('-', '_')}"] for name in PLAN}


def listed_pairs() -> dict[str, list[tuple[str, str | None]]]:
    """Every (account, region) the inventory lists each service in."""
    pairs = {}
    for service, planned in PLAN.items():
        if service in GLOBAL_SERVICES:
            pairs[service] = [(a, GLOBAL) for a in (A0, A1)]
        elif service in LISTED_ONLY_WHERE_PLANNED:
            pairs[service] = list(planned)
        else:
            pairs[service] = list(PAIRS)
    # Lambda keeps code in a bucket of LocalStack's internal account
    pairs["s3"] += [(INTERNAL_ACCOUNT, r) for r in (USE1, EUW1, APSE2)]
    return pairs


def inventory(endpoint: str, skipped: dict[str, str]) -> tuple[list[dict], list[dict], list[str]]:
    """(expected, defaults, problems): the resources LocalStack lists, before the shutdown."""
    expected, defaults, problems = [], [], []
    for service, pairs in listed_pairs().items():
        for account, region in pairs:
            rows = Rows(service, Ctx(endpoint, account, region))
            try:
                LISTERS[service](rows)
            except Exception as e:
                if any(k.startswith(f"{service} ") for k in skipped):
                    continue  # the service failed already; its reason is in `skipped`
                problems.append(f"listing {service} {account}/{region}: {type(e).__name__}: {e}")
            expected += rows.expected
            defaults += rows.defaults
    return expected, defaults, problems


# Defaults that land in the state but that no API lists: `null` matches anything. STS keeps
# the credentials of every account in one `_universal` dict.
UNLISTED_DEFAULTS = [
    {"service": "sts", "kind": None, "name": None, "account": None, "region": None, "collections": {},
     "why": "temporary credentials of the roles LocalStack's Lambda and Firehose assumed (no API lists them)"}
]
