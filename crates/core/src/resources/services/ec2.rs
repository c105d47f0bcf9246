//! Amazon EC2 (moto backend): VPCs, subnets, security groups, instances, key pairs and the rest by discovery.

use super::{Kind, Profile};

/// The profile.
pub const PROFILE: Profile = Profile {
    id: "ec2",
    title: "EC2",
    kinds: &[
        Kind::new("vpc").classes(&["VPC"]).fields(&["vpcs"]).name(&["id"]).columns(&[
            "cidr_block",
            "is_default",
            "state",
        ]),
        Kind::new("subnet").classes(&["Subnet"]).fields(&["subnets"]).name(&["id"]).columns(&[
            "vpc_id",
            "cidr_block",
            "availability_zone",
        ]),
        Kind::new("security group")
            .classes(&["SecurityGroup"])
            .fields(&["groups"])
            .name(&["id"])
            .columns(&["name", "vpc_id", "description"]),
        Kind::new("instance")
            .classes(&["Instance"])
            .name(&["id"])
            .columns(&["image_id", "instance_type", "subnet_id"])
            .top(),
        Kind::new("reservation").classes(&["Reservation"]).fields(&["reservations"]).name(&["id"]),
        Kind::new("key pair")
            .classes(&["KeyPair"])
            .fields(&["keypairs", "key_pairs"])
            .name(&["name"])
            .columns(&["fingerprint"]),
    ],
    ignore: &[
        "amis",
        "regions",
        "zones",
        "describe_images",
        "instance_types",
        "managed_prefix_lists",
    ],
};
