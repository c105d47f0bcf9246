//! live (in progress).
