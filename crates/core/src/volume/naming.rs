//! Account and region names as LocalStack puts them into paths and file names.

pub use crate::resources::naming::{is_account_id, is_aws_region};

/// DynamoDB Local names its files `<accessKeyId>_<region>.db`; LocalStack uses access key ids
/// like `000000000000useast1` (account + region without dashes) or the plain account id.
/// Returns `(account, region)`; an access key that does not start with an account id is
/// returned as it is (DynamoDB Local only knows the key).
pub fn parse_dynamodb_db_name(file_name: &str) -> Option<(String, String)> {
    let stem = file_name.strip_suffix(".db")?;
    let (key, region) = stem.rsplit_once('_')?;
    if !is_aws_region(region) || key.is_empty() {
        return None;
    }
    let account = match key.get(..12) {
        Some(acct)
            if is_account_id(acct) && (key.len() == 12 || key[12..] == region.replace('-', "")) =>
        {
            acct.to_string()
        }
        _ => key.to_string(),
    };
    Some((account, region.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamodb_names() {
        assert_eq!(
            parse_dynamodb_db_name("000000000000useast1_us-east-1.db"),
            Some(("000000000000".into(), "us-east-1".into()))
        );
        assert_eq!(
            parse_dynamodb_db_name("111111111111_eu-west-1.db"),
            Some(("111111111111".into(), "eu-west-1".into()))
        );
        assert_eq!(
            parse_dynamodb_db_name("test_ap-southeast-2.db"),
            Some(("test".into(), "ap-southeast-2".into()))
        );
        assert_eq!(parse_dynamodb_db_name("shared-local-instance.db"), None);
        assert_eq!(parse_dynamodb_db_name("metrics.db"), None);
    }

    #[test]
    fn regions_and_accounts() {
        for r in ["us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "ap-southeast-4"] {
            assert!(is_aws_region(r), "{r}");
        }
        for r in ["global", "static", "us-east", "useast1", "US-EAST-1", "us-east-x"] {
            assert!(!is_aws_region(r), "{r}");
        }
        assert!(is_account_id("000000000000"));
        assert!(!is_account_id("00000000000a"));
    }
}
