//! Pure decoders (no egui): each turns a file's bytes into a [`crate::model::Document`].
