//! Domain summaries over presented trees (being written).
