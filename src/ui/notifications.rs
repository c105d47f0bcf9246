//! Notifications: each new message shows as a toast in the bottom-right corner for a few
//! seconds, in its severity's colour; View → Messages lists every message of the session.

use std::time::{Duration, Instant};

use egui::RichText;

use super::app::Severity;
use super::command::{Command, CommandSender, UICommand};
use super::panel::{Dock, Panel, ViewContext};
use super::theme;

/// Which messages are on screen as toasts, and since when (the panel's own state).
#[derive(Default)]
pub struct Notifications {
    /// Messages seen so far (new ones become toasts).
    seen: usize,
    /// Index in the messages and when its toast appeared.
    toasts: Vec<(usize, Instant)>,
}

pub fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "ℹ",
        Severity::Success => "✔",
        Severity::Warning => "⚠",
        Severity::Error => "❌",
    }
}

impl Panel for Notifications {
    fn id(&self) -> &'static str {
        "notifications"
    }

    fn dock(&self) -> Dock {
        Dock::Window
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        self.toasts(ui, ctx);
        if ctx.overlays.messages {
            message_log(ui, ctx, tx);
        }
    }
}

impl Notifications {
    fn toasts(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
        let messages = ctx.messages;
        if messages.len() < self.seen {
            // Cleared.
            self.seen = 0;
            self.toasts.clear();
        }
        let now = Instant::now();
        self.toasts.extend((self.seen..messages.len()).map(|i| (i, now)));
        self.seen = messages.len();
        self.toasts.retain(|(i, since)| {
            messages
                .get(*i)
                .is_some_and(|m| now.duration_since(*since) < theme::toast_duration(m.severity))
        });
        let excess = self.toasts.len().saturating_sub(theme::MAX_TOASTS);
        self.toasts.drain(..excess);
        if self.toasts.is_empty() {
            return;
        }
        ui.ctx().request_repaint_after(Duration::from_millis(250));
        let mut dismissed = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(
                egui::Align2::RIGHT_BOTTOM,
                egui::vec2(-theme::TOAST_MARGIN, -theme::TOAST_BOTTOM),
            )
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                ui.set_max_width(theme::TOAST_WIDTH);
                for (n, (i, _)) in self.toasts.iter().enumerate() {
                    let Some(m) = messages.get(*i) else { continue };
                    let color = theme::severity(ui.visuals(), m.severity);
                    egui::Frame::popup(ui.style())
                        .stroke(egui::Stroke::new(1.0, color))
                        .inner_margin(theme::FRAME_MARGIN)
                        .show(ui, |ui| {
                            ui.set_width(theme::TOAST_WIDTH);
                            ui.horizontal(|ui| {
                                ui.label(
                                    RichText::new(format!(
                                        "{} {}",
                                        icon(m.severity),
                                        m.severity.label()
                                    ))
                                    .strong()
                                    .color(color),
                                );
                                if ui.small_button("×").on_hover_text("dismiss").clicked() {
                                    dismissed = Some(n);
                                }
                            });
                            ui.add(egui::Label::new(&m.text).wrap());
                        });
                }
            });
        if let Some(n) = dismissed {
            self.toasts.remove(n);
        }
    }
}

/// View → Messages: every message of the session, newest last.
fn message_log(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    let mut open = true;
    egui::Window::new("Messages").open(&mut open).default_size([560.0, 320.0]).show(
        ui.ctx(),
        |ui| {
            ui.horizontal(|ui| {
                ui.label(format!("{} messages", ctx.messages.len()));
                if ui.button("Clear").clicked() {
                    tx.send(Command::ClearMessages);
                }
            });
            ui.separator();
            egui::ScrollArea::vertical().stick_to_bottom(true).auto_shrink([false, false]).show(
                ui,
                |ui| {
                    for m in ctx.messages {
                        ui.horizontal_wrapped(|ui| {
                            let color = theme::severity(ui.visuals(), m.severity);
                            ui.label(
                                RichText::new(format!(
                                    "{} {}",
                                    icon(m.severity),
                                    m.severity.label()
                                ))
                                .color(color),
                            );
                            ui.label(&m.text);
                        });
                    }
                    if ctx.messages.is_empty() {
                        ui.label(RichText::new("nothing yet").weak());
                    }
                },
            );
        },
    );
    if !open {
        tx.send(Command::Ui(UICommand::ToggleMessages));
    }
}
