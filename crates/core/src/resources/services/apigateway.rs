//! Amazon API Gateway: REST APIs with their resources, methods and stages (v2 APIs where the state has them).

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "apigateway",
    title: "API Gateway",
    kinds: &[
        Kind::new("rest api")
            .classes(&["RestApi", "RestApiContainer"])
            .fields(&["rest_apis", "apis"])
            .name(&["rest_api/name", "name"])
            .columns(&["rest_api/id", "rest_api/createdDate"]),
        Kind::new("resource")
            .classes(&["Resource"])
            .fields(&["resources"])
            .name(&["path", "path_part"]),
        Kind::new("method").classes(&["Method"]).fields(&["resource_methods", "methods"]),
        Kind::new("stage").classes(&["Stage"]).fields(&["stages"]).name(&["stageName", "name"]),
        Kind::new("deployment").classes(&["Deployment"]).fields(&["deployments"]),
        Kind::new("api").classes(&["Api", "HttpApi"]).fields(&["v2_apis"]),
    ],
    ignore: &[],
};
