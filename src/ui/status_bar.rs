//! The status bar: volume path and layout, last refresh, running jobs with progress, the
//! emulator dot, the safety audit's badge, and the latest message in its severity's colour.

use std::time::{Duration, SystemTime};

use egui::RichText;

use super::command::CommandSender;
use super::panel::{Dock, Panel, ViewContext};
use super::theme;

/// Jobs shorter than this are not worth a progress bar.
const SHOW_JOBS_AFTER: Duration = Duration::from_millis(100);

pub struct StatusBar;

impl Panel for StatusBar {
    fn id(&self) -> &'static str {
        "status"
    }

    fn dock(&self) -> Dock {
        Dock::Bottom(None)
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        ui.horizontal(|ui| {
            super::health_panel::status_dot(ui, ctx, tx);
            ui.separator();
            ui.label(RichText::new(ctx.volume_path.display().to_string()).monospace().small());
            if let Some(v) = ctx.volume {
                ui.label(RichText::new(v.layout_labels()).small());
            }
            if let Some(t) = ctx.last_refresh {
                let ago = SystemTime::now().duration_since(t).unwrap_or_default().as_secs();
                ui.label(RichText::new(format!("refreshed {ago}s ago")).weak().small());
            }
            let slow: Vec<_> =
                ctx.jobs.iter().filter(|j| j.started.elapsed() >= SHOW_JOBS_AFTER).collect();
            if !ctx.jobs.is_empty() {
                // Keep repainting while work runs so spinners move and results show at once.
                ui.ctx().request_repaint_after(Duration::from_millis(50));
            }
            for job in slow.iter().take(3) {
                ui.separator();
                match job.progress.fraction() {
                    Some(f) => {
                        ui.add(
                            egui::ProgressBar::new(f).desired_width(100.0).text(job.name.clone()),
                        );
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
            super::audit_panel::badge(ui, ctx, tx);
            let pending = ctx.pending();
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
            if let Some(m) = ctx.messages.last() {
                ui.separator();
                let color = theme::severity(ui.visuals(), m.severity);
                ui.label(RichText::new(&m.text).small().color(color));
            }
        });
    }
}
