//! Volume scanning.
