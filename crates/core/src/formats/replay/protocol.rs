//! Which AWS operation a recorded request is, and its parameters, per AWS protocol:
//! JSON (`X-Amz-Target`), query (`Action=` in the form body or query string), Smithy RPC v2
//! CBOR (`/service/<svc>/operation/<Op>`), rest-xml S3 and a few rest-json routes.

use super::body::{BodyKind, Rendered};
use super::entry::Entry;
use super::{form, s3};

/// The AWS wire protocol a recorded request uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// awsJson: the operation is named by the `X-Amz-Target` header.
    Json,
    /// awsQuery / ec2Query: the operation is the `Action=` form or query parameter.
    Query,
    /// Smithy RPC v2 CBOR: `/service/<svc>/operation/<Op>` paths.
    RpcV2Cbor,
    /// REST with XML bodies (S3, and rest routes answered in XML).
    RestXml,
    /// REST with JSON bodies (Lambda, API Gateway, ...).
    RestJson,
}

impl Protocol {
    /// Short lowercase name (`json`, `query`, `rpc-v2-cbor`, `rest-xml`, `rest-json`).
    pub fn label(self) -> &'static str {
        match self {
            Protocol::Json => "json",
            Protocol::Query => "query",
            Protocol::RpcV2Cbor => "rpc-v2-cbor",
            Protocol::RestXml => "rest-xml",
            Protocol::RestJson => "rest-json",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub protocol: Protocol,
    pub name: String,
    /// Decoded parameters in request order (nested values as compact JSON).
    pub params: Vec<(String, String)>,
}

/// rest-json routes: (service, method, path template) → operation. `{x}` matches one segment
/// and becomes parameter `x`.
const REST_ROUTES: &[(&str, &str, &str, &str)] = &[
    ("lambda", "POST", "/2015-03-31/functions", "CreateFunction"),
    ("lambda", "DELETE", "/2015-03-31/functions/{FunctionName}", "DeleteFunction"),
    ("lambda", "PUT", "/2015-03-31/functions/{FunctionName}/code", "UpdateFunctionCode"),
    (
        "lambda",
        "PUT",
        "/2015-03-31/functions/{FunctionName}/configuration",
        "UpdateFunctionConfiguration",
    ),
    ("lambda", "POST", "/2015-03-31/functions/{FunctionName}/invocations", "Invoke"),
    ("lambda", "POST", "/2015-03-31/functions/{FunctionName}/policy", "AddPermission"),
    ("lambda", "POST", "/2015-03-31/functions/{FunctionName}/versions", "PublishVersion"),
    ("lambda", "POST", "/2015-03-31/functions/{FunctionName}/aliases", "CreateAlias"),
    ("lambda", "POST", "/2015-03-31/event-source-mappings", "CreateEventSourceMapping"),
    ("lambda", "DELETE", "/2015-03-31/event-source-mappings/{UUID}", "DeleteEventSourceMapping"),
    ("apigateway", "POST", "/restapis", "CreateRestApi"),
    ("apigateway", "DELETE", "/restapis/{restapi_id}", "DeleteRestApi"),
    ("apigateway", "POST", "/restapis/{restapi_id}/resources/{parent_id}", "CreateResource"),
    (
        "apigateway",
        "PUT",
        "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}",
        "PutMethod",
    ),
    (
        "apigateway",
        "PUT",
        "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration",
        "PutIntegration",
    ),
    ("apigateway", "POST", "/restapis/{restapi_id}/deployments", "CreateDeployment"),
];

/// Decodes the operation of `entry`, whose body is already rendered.
pub fn decode(entry: &Entry, body: &Rendered) -> Operation {
    let (path, query) = form::split_query(&entry.path);
    let query = form::parse_pairs(query);
    if let Some(target) = entry.headers.get("x-amz-target") {
        let name = target.rsplit('.').next().unwrap_or(target).to_string();
        return Operation { protocol: Protocol::Json, name, params: json_params(body) };
    }
    let action = |pairs: &[(String, String)]| {
        pairs.iter().find(|(k, _)| k == "Action").map(|(_, v)| v.clone())
    };
    if let Some(name) = action(&body.fields).or_else(|| action(&query)) {
        let params = query
            .iter()
            .chain(&body.fields)
            .filter(|(k, _)| k != "Action" && k != "Version")
            .cloned()
            .collect();
        return Operation { protocol: Protocol::Query, name, params };
    }
    if let Some(name) =
        path.strip_prefix("/service/").and_then(|r| r.split_once("/operation/")).map(|(_, op)| op)
    {
        return Operation {
            protocol: Protocol::RpcV2Cbor,
            name: name.to_string(),
            params: Vec::new(),
        };
    }
    if entry.api == "s3" {
        let (name, params) = s3::operation(&entry.method, path, &query, &entry.headers, body.size);
        return Operation { protocol: Protocol::RestXml, name, params };
    }
    let (name, mut params) = rest_route(&entry.api, &entry.method, path)
        .unwrap_or_else(|| (format!("{} {path}", entry.method), Vec::new()));
    params.extend(query);
    params.extend(json_params(body));
    let protocol = if body.kind == BodyKind::Xml { Protocol::RestXml } else { Protocol::RestJson };
    Operation { protocol, name, params }
}

fn rest_route(api: &str, method: &str, path: &str) -> Option<(String, Vec<(String, String)>)> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    REST_ROUTES.iter().filter(|(a, m, _, _)| *a == api && *m == method).find_map(
        |(_, _, tpl, op)| {
            let t: Vec<&str> = tpl.trim_matches('/').split('/').collect();
            if t.len() != segs.len() {
                return None;
            }
            let mut params = Vec::new();
            for (t, s) in t.iter().zip(&segs) {
                match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                    Some(name) => params.push((name.to_string(), form::percent_decode(s, false))),
                    None if t == s => {}
                    None => return None,
                }
            }
            Some((op.to_string(), params))
        },
    )
}

/// Top-level fields of a JSON object body (strings as they are, the rest as compact JSON).
fn json_params(body: &Rendered) -> Vec<(String, String)> {
    if body.kind != BodyKind::Json {
        return Vec::new();
    }
    match serde_json::from_slice::<serde_json::Value>(&body.bytes) {
        Ok(serde_json::Value::Object(m)) => m.into_iter().map(|(k, v)| (k, compact(v))).collect(),
        _ => Vec::new(),
    }
}

pub fn compact(v: serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::body::render;
    use super::super::entry::Headers;
    use super::*;

    fn entry(
        api: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (Entry, Rendered) {
        let e = Entry {
            api: api.into(),
            method: method.into(),
            path: path.into(),
            headers: Headers(headers.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()),
            body: body.to_vec(),
            response: None,
        };
        let r = render(body, e.headers.get("content-type"), false);
        (e, r)
    }

    #[test]
    fn json_query_and_rest() {
        let (e, b) = entry(
            "sqs",
            "POST",
            "/",
            &[("X-Amz-Target", "AmazonSQS.SendMessage")],
            br#"{"QueueUrl":"http://x/1/q","MessageBody":"hi","DelaySeconds":0}"#,
        );
        let op = decode(&e, &b);
        assert_eq!((op.protocol, op.name.as_str()), (Protocol::Json, "SendMessage"));
        assert_eq!(
            op.params,
            vec![
                ("QueueUrl".into(), "http://x/1/q".into()),
                ("MessageBody".into(), "hi".into()),
                ("DelaySeconds".into(), "0".into())
            ]
        );
        let (e, b) =
            entry("sns", "POST", "/", &[], b"Action=CreateTopic&Name=t1&Version=2010-03-31");
        let op = decode(&e, &b);
        assert_eq!((op.protocol, op.name.as_str()), (Protocol::Query, "CreateTopic"));
        assert_eq!(op.params, vec![("Name".into(), "t1".into())]);
        let (e, b) = entry("lambda", "POST", "/2015-03-31/functions/f1/invocations", &[], b"{}");
        let op = decode(&e, &b);
        assert_eq!(op.name, "Invoke");
        assert_eq!(op.params, vec![("FunctionName".into(), "f1".into())]);
        let (e, b) = entry(
            "cloudwatch",
            "POST",
            "/service/GraniteServiceVersion20100801/operation/PutMetricData",
            &[],
            &[0xbf, 0xff],
        );
        assert_eq!(decode(&e, &b).name, "PutMetricData");
        let (e, b) = entry("s3", "POST", "/b/k?uploads", &[], b"");
        assert_eq!(decode(&e, &b).name, "CreateMultipartUpload");
    }
}
