//! Every colour and spacing constant the panels use, in one place (no colour literals in the
//! panels). Colours that follow the egui visuals (warning, error, weak text) are read from
//! them here, so a theme switch changes them too.

use egui::Color32;

use super::app::Severity;

/// Height of one row in every virtualized list and table.
pub const ROW_HEIGHT: f32 = 20.0;
/// Height of one row in the list of volume search hits.
pub const HIT_ROW_HEIGHT: f32 = 18.0;
/// Indentation per tree level.
pub const INDENT: f32 = 14.0;
/// Room of a missing expand arrow, so leaves line up with their siblings' names.
pub const ARROW_WIDTH: f32 = 18.0;
/// Space above the volume tree.
pub const PANEL_TOP_GAP: f32 = 4.0;
/// Diameter of the box a status dot is drawn in, and the dot's radius.
pub const DOT_BOX: f32 = 10.0;
pub const DOT_RADIUS: f32 = 4.5;
/// Corner radius and inner margin of badges and highlighted frames.
pub const CORNER_RADIUS: f32 = 4.0;
pub const FRAME_MARGIN: f32 = 6.0;

/// A service the emulator reports as running (also: connected emulator).
pub const RUNNING: Color32 = Color32::from_rgb(60, 180, 75);
/// Available but not started yet.
pub const AVAILABLE: Color32 = Color32::from_rgb(70, 130, 220);
/// Starting, stopping, or not known yet.
pub const PENDING: Color32 = Color32::from_rgb(230, 160, 40);
/// In error (also: something answered that is not LocalStack).
pub const FAILED: Color32 = Color32::from_rgb(220, 60, 60);
/// Unknown state or nothing reachable.
pub const INACTIVE: Color32 = Color32::GRAY;
/// Layout badges in the volume panel.
pub const BADGE_FILL: Color32 = Color32::from_rgb(45, 110, 180);
pub const BADGE_TEXT: Color32 = Color32::WHITE;
/// Successful operations (saved, …) in the status bar.
pub const SUCCESS: Color32 = Color32::from_rgb(60, 180, 75);

/// Background of tree rows that changed in the last reload.
pub fn highlight_fill(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(90, 75, 20) } else { Color32::from_rgb(255, 236, 150) }
}

/// Pending (unsaved) values in the tree.
pub fn edited_value(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(120, 200, 255) } else { Color32::from_rgb(0, 90, 180) }
}

pub fn warning(visuals: &egui::Visuals) -> Color32 {
    visuals.warn_fg_color
}

pub fn error(visuals: &egui::Visuals) -> Color32 {
    visuals.error_fg_color
}

/// Fill of a lint finding's frame.
pub fn finding_fill(visuals: &egui::Visuals) -> Color32 {
    visuals.warn_fg_color.gamma_multiply(0.15)
}

/// The colour a message of `severity` is shown in.
pub fn severity(visuals: &egui::Visuals, severity: Severity) -> Color32 {
    match severity {
        Severity::Info => visuals.text_color(),
        Severity::Success => SUCCESS,
        Severity::Warning => visuals.warn_fg_color,
        Severity::Error => visuals.error_fg_color,
    }
}

/// The veil over the window while files are dragged over it, and its text size.
pub fn drop_fill(visuals: &egui::Visuals) -> Color32 {
    visuals.extreme_bg_color.gamma_multiply(0.85)
}
pub const DROP_TEXT_SIZE: f32 = 32.0;

/// How long a toast of `severity` stays (problems longer: they need reading).
pub fn toast_duration(severity: Severity) -> std::time::Duration {
    match severity {
        Severity::Info | Severity::Success => std::time::Duration::from_secs(4),
        Severity::Warning | Severity::Error => std::time::Duration::from_secs(8),
    }
}
/// At most this many toasts at once (the newest), and their width and distance from the corner.
pub const MAX_TOASTS: usize = 4;
pub const TOAST_WIDTH: f32 = 380.0;
pub const TOAST_MARGIN: f32 = 12.0;
/// Room for the status bar below the toasts.
pub const TOAST_BOTTOM: f32 = 36.0;

/// Default and minimum sizes of the docked panels.
pub const VOLUME_WIDTH: f32 = 360.0;
pub const HEALTH_WIDTH: f32 = 300.0;
pub const HEALTH_MIN_WIDTH: f32 = 200.0;
pub const REPLAY_HEIGHT: f32 = 340.0;
pub const REPLAY_MIN_HEIGHT: f32 = 160.0;
pub const AUDIT_HEIGHT: f32 = 280.0;
pub const AUDIT_MIN_HEIGHT: f32 = 120.0;

/// A question the user answers before going on (save?, unsaved changes, restore?): centred,
/// fixed, not collapsible.
pub fn dialog(title: &str) -> egui::Window<'_> {
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
}
