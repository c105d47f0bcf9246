#!/usr/bin/env python3
"""Snapshot / Cloud Pod archives from real state: python3 tools/make-archive-fixtures.py [OUTDIR]

Writes into OUTDIR (default tests/fixtures/archives/) zips laid out the way LocalStack Pro's
snapshots are (localstack-ext 2026.3.0 constants: `api_states/`, `assets/`, `metadata.yaml`,
`api_states.json`; lstk's `snapshot inspect`: `api_states/<account>/<service>/<region>/...`
and `assets/<service>/...`), written with Python's zipfile and deflate as LocalStack's own
Python code writes them, from files real programs produced:

- the Avro stores of tests/fixtures/avro/ (real LocalStack 2026.3 stores written with
  LocalStack's schema generator and fastavro, see tools/make-avro-fixtures.py);
- the sample volume's pickled moto backends, DynamoDB Local databases, kinesis-mock state and
  CloudWatch metrics.db (assets/sample-volume/, see tools/make-sample-volume.sh).

Archives:
  snapshot.zip          the good case: Avro stores of two accounts, pickled backends, assets,
                        metadata.yaml (PyYAML's yaml.dump of what `localstack state export`
                        writes) and an api_states.json that agrees with the files
  snapshot-v2.zip       the pre-Avro layout `api_states/<service>/store.state` (sample volume
                        pickles); its api_states.json lists `lambda` (no files) and omits `sns`
  encrypted-member.zip  snapshot.zip with the SQS store of 000000000000 encrypted with zip's
                        traditional (ZipCrypto) encryption, password "localstate"
  odd.zip               unknown entries (a root file, a stray file in an account directory),
                        a member compressed with an unknown method (97), and an api_states.json
                        that is not JSON
  truncated.zip         the first 60% of snapshot.zip (no central directory)

Deterministic: fixed member times, sorted members; re-running writes the same bytes with the
same zlib. Needs PyYAML (the LocalStack venv has it: $LOCALSTATE_PY).
"""

import binascii
import io
import json
import os
import struct
import sys
import zipfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AVRO = os.path.join(ROOT, "tests", "fixtures", "avro", "state")
SAMPLE = os.path.join(ROOT, "assets", "sample-volume", "state")
WHEN = (2026, 3, 1, 12, 0, 0)
LOCALSTACK_VERSION = "2026.3.0"


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


def avro_members():
    """api_states/<account>/<service>/<region>/store.state.avro from the Avro fixtures."""
    out = {}
    for account in sorted(os.listdir(AVRO)):
        for service in sorted(os.listdir(os.path.join(AVRO, account))):
            for region in sorted(os.listdir(os.path.join(AVRO, account, service))):
                name = f"api_states/{account}/{service}/{region}/store.state.avro"
                out[name] = read(AVRO, account, service, region, "store.state.avro")
    return out


def asset_members():
    """assets/<service>/... from the sample volume's asset directories."""
    out = {}
    for service in ("dynamodb", "kinesis", "cloudwatch"):
        for f in sorted(os.listdir(os.path.join(SAMPLE, service))):
            out[f"assets/{service}/{f}"] = read(SAMPLE, service, f)
    return out


def backend_members():
    """The moto backends Avro does not cover (manifest refused_types), pickled, per account."""
    return {
        f"api_states/000000000000/{svc}/us-east-1/backend.state": read(SAMPLE, "api_states", svc, "backend.state")
        for svc in ("secretsmanager", "ssm")
    }


def services_of(names):
    out = []
    for n in names:
        parts = n.split("/")
        svc = parts[2] if parts[0] == "api_states" and len(parts) > 3 else parts[1] if len(parts) > 2 else None
        if svc and svc not in out:
            out.append(svc)
    return sorted(out)


def metadata(name, members):
    # localstack-ext StateService.export_pod: environment metadata + name + PodInfo(services,
    # size), dumped with yaml.dump (keys sorted).
    doc = {
        "name": name,
        "services": services_of(members),
        "size": sum(len(b) for b in members.values()),
        "localstack_version": LOCALSTACK_VERSION,
        "pro": True,
    }
    return yaml.dump(doc).encode()


def write_zip(path, members, methods=None):
    methods = methods or {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=WHEN)
            info.compress_type = methods.get(name, zipfile.ZIP_DEFLATED)
            info.external_attr = 0o644 << 16
            z.writestr(info, members[name])
    data = buf.getvalue()
    with open(path, "wb") as f:
        f.write(data)
    return data


def zipcrypto(plain, password, crc):
    """PKWARE traditional encryption (APPNOTE 6.1) of a stored member's bytes."""
    keys = [0x12345678, 0x23456789, 0x34567890]

    def update(c):
        keys[0] = binascii.crc32(bytes([c]), keys[0] ^ 0xFFFFFFFF) ^ 0xFFFFFFFF
        keys[1] = (keys[1] + (keys[0] & 0xFF)) & 0xFFFFFFFF
        keys[1] = (keys[1] * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = binascii.crc32(bytes([keys[1] >> 24]), keys[2] ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    for c in password:
        update(c)
    header = bytes(range(11)) + bytes([crc >> 24])
    out = bytearray()
    for c in header + plain:
        t = (keys[2] | 2) & 0xFFFF
        out.append(c ^ (((t * (t ^ 1)) >> 8) & 0xFF))
        update(c)
    return bytes(out)


def patch_member(data, name, flag_bits=0, crc=None, method=None, size=None):
    """Sets flag bits / CRC / method / uncompressed size of `name` in its local header and its
    central directory entry."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        local = z.getinfo(name).header_offset
    cd = data.index(b"PK\x01\x02")
    while data[cd:cd + 4] == b"PK\x01\x02":
        n, e, c = struct.unpack_from("<HHH", data, cd + 28)
        if data[cd + 46:cd + 46 + n] == name.encode():
            break
        cd += 46 + n + e + c
    for off, flags_at, method_at, crc_at in ((local, 6, 8, 14), (cd, 8, 10, 16)):
        size_at = crc_at + 8
        struct.pack_into("<H", data, off + flags_at, struct.unpack_from("<H", data, off + flags_at)[0] | flag_bits)
        if method is not None:
            struct.pack_into("<H", data, off + method_at, method)
        if crc is not None:
            struct.pack_into("<I", data, off + crc_at, crc)
        if size is not None:
            struct.pack_into("<I", data, off + size_at, size)
    return bytes(data)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "fixtures", "archives")
    os.makedirs(out, exist_ok=True)
    made = {}

    state = {**avro_members(), **backend_members(), **asset_members()}
    good = dict(state)
    good["metadata.yaml"] = metadata("fixture-pod", state)
    good["api_states.json"] = json.dumps(services_of(state)).encode()
    snapshot = write_zip(os.path.join(out, "snapshot.zip"), good)
    made["snapshot.zip"] = snapshot

    v2 = {f"api_states/{svc}/{f}": read(SAMPLE, "api_states", svc, f)
          for svc in sorted(os.listdir(os.path.join(SAMPLE, "api_states")))
          for f in sorted(os.listdir(os.path.join(SAMPLE, "api_states", svc)))}
    v2.update(asset_members())
    listed = [s for s in ["lambda", *sorted({n.split("/")[1] for n in v2})] if s != "sns"]
    v2["api_states.json"] = json.dumps(listed).encode()
    made["snapshot-v2.zip"] = write_zip(os.path.join(out, "snapshot-v2.zip"), v2)

    secret = "api_states/000000000000/sqs/us-east-1/store.state.avro"
    enc = dict(good)
    plain_crc = binascii.crc32(good[secret])
    enc[secret] = zipcrypto(good[secret], b"localstate", plain_crc)
    data = write_zip(os.path.join(out, "encrypted-member.zip"), enc, {secret: zipfile.ZIP_STORED})
    data = patch_member(data, secret, flag_bits=1, crc=plain_crc, size=len(good[secret]))
    with open(os.path.join(out, "encrypted-member.zip"), "wb") as f:
        f.write(data)
    made["encrypted-member.zip"] = data

    odd = {n: b for n, b in good.items() if n.startswith("api_states/000000000000/sqs/") or n == "metadata.yaml"}
    odd["README.txt"] = b"not part of any snapshot\n"
    odd["api_states/000000000000/sqs/us-east-1/notes.bin"] = b"\x00\x01stray"
    odd["assets/s3/strange-method"] = b"compressed with method 97"
    odd["api_states.json"] = b'["sqs",\n "s3"\n'
    data = write_zip(os.path.join(out, "odd.zip"), odd, {"assets/s3/strange-method": zipfile.ZIP_STORED})
    data = patch_member(data, "assets/s3/strange-method", method=97)
    with open(os.path.join(out, "odd.zip"), "wb") as f:
        f.write(data)
    made["odd.zip"] = data

    with open(os.path.join(out, "truncated.zip"), "wb") as f:
        f.write(snapshot[: len(snapshot) * 6 // 10])
    made["truncated.zip"] = snapshot[: len(snapshot) * 6 // 10]

    for name, data in made.items():
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
