//! edit (in progress).
