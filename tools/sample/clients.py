"""boto3 clients aimed at the recording proxy, with LocalStack's account conventions.

LocalStack takes a 12-digit access key id as the account id. DynamoDB Local namespaces its
files by access key id and region, and LocalStack talks to it with the key
`<account><region without dashes>` (`localstack.services.dynamodb.utils.get_ddb_access_key`),
so the DynamoDB clients use that key and the files get LocalStack's names.
"""

import boto3
from botocore.config import Config

CONFIG = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=120)


def access_key_for(service: str, account: str, region: str) -> str:
    if service == "dynamodb":
        return f"{account}{region}".replace("-", "")
    return account


def client(endpoint: str, service: str, account: str, region: str):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key_for(service, account, region),
        aws_secret_access_key="test",
        config=CONFIG,
    )
