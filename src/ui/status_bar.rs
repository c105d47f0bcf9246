//! The status bar: volume path and layout, last refresh, running jobs with progress, the
//! emulator dot, and the latest message or error.

use std::time::{Duration, SystemTime};

use egui::RichText;

use super::app::App;

/// Jobs shorter than this are not worth a progress bar.
const SHOW_JOBS_AFTER: Duration = Duration::from_millis(100);

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    ui.horizontal(|ui| {
        super::health_panel::status_dot(ui, app);
        ui.separator();
        ui.label(RichText::new(app.volume_path.display().to_string()).monospace().small());
        if let Some(v) = &app.volume {
            ui.label(RichText::new(v.layout_labels()).small());
        }
        if let Some(t) = app.last_refresh {
            let ago = SystemTime::now().duration_since(t).unwrap_or_default().as_secs();
            ui.label(RichText::new(format!("refreshed {ago}s ago")).weak().small());
        }
        let slow: Vec<_> =
            app.jobs.running.iter().filter(|j| j.started.elapsed() >= SHOW_JOBS_AFTER).collect();
        if !app.jobs.running.is_empty() {
            // Keep repainting while work runs so spinners move and results show at once.
            ui.ctx().request_repaint_after(Duration::from_millis(50));
        }
        for job in slow.iter().take(3) {
            ui.separator();
            match job.progress.fraction() {
                Some(f) => {
                    ui.add(egui::ProgressBar::new(f).desired_width(100.0).text(job.name.clone()));
                }
                None => {
                    ui.spinner();
                    ui.label(RichText::new(&job.name).small());
                }
            }
        }
        if slow.len() > 3 {
            ui.label(format!("+{} jobs", slow.len() - 3));
        }
        let pending =
            app.open.as_ref().and_then(|o| o.session.as_ref()).map_or(0, |s| s.pending_count());
        if pending > 0 {
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{pending} unsaved change{}",
                    if pending == 1 { "" } else { "s" }
                ))
                .strong(),
            );
        }
        if let Some(m) = app.messages.last() {
            ui.separator();
            ui.label(RichText::new(m).small().color(ui.visuals().warn_fg_color));
        }
    });
}
