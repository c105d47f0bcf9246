//! Graph → tree presentation (being written).
