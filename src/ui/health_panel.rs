//! The emulator panel: what the running LocalStack says about itself (version, edition,
//! uptime, persistence feature, a service grid with state colours), the endpoint field, and
//! the status-bar dot. Polling is a repeating job of the app; this only draws its results.

use egui::{Color32, RichText};

use super::command::{Command, CommandSender};
use super::panel::{Dock, Panel, ViewContext};
use super::theme;
use localstate_core::live::{LiveStatus, ServiceState, poller::normalize};

pub struct HealthPanel {
    endpoint_input: String,
    only_running: bool,
}

impl HealthPanel {
    pub fn new(endpoint: &str) -> Self {
        HealthPanel { endpoint_input: endpoint.to_string(), only_running: false }
    }
}

pub fn state_color(state: &str) -> Color32 {
    match ServiceState::parse(state) {
        ServiceState::Running => theme::RUNNING,
        ServiceState::Available => theme::AVAILABLE,
        ServiceState::Starting | ServiceState::Stopping => theme::PENDING,
        ServiceState::Error => theme::FAILED,
        _ => theme::INACTIVE,
    }
}

/// A small filled circle (fonts need not have a bullet glyph).
pub fn dot(ui: &mut egui::Ui, color: Color32) -> egui::Response {
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(theme::DOT_BOX, theme::DOT_BOX), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), theme::DOT_RADIUS, color);
    response
}

fn status_color(status: Option<&LiveStatus>) -> Color32 {
    match status {
        Some(LiveStatus::Connected { .. }) => theme::RUNNING,
        Some(LiveStatus::Unreachable { .. }) => theme::INACTIVE,
        Some(LiveStatus::NotLocalStack { .. }) => theme::FAILED,
        None => theme::PENDING,
    }
}

fn status_text(status: Option<&LiveStatus>) -> String {
    match status {
        Some(LiveStatus::Connected { health, .. }) => {
            format!(
                "LocalStack {} ({})",
                health.version.as_deref().unwrap_or("?"),
                health.edition.as_deref().unwrap_or("?")
            )
        }
        Some(LiveStatus::Unreachable { reason, .. }) => format!("unreachable: {reason}"),
        Some(LiveStatus::NotLocalStack { reason, .. }) => format!("not LocalStack: {reason}"),
        None => "checking…".into(),
    }
}

/// The emulator's dot and one-line status for the status bar; a click shows the panel.
pub fn status_dot(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    let status = ctx.live.status.as_ref();
    let text = status_text(status);
    let r = dot(ui, status_color(status)).on_hover_text(format!("{}\n{text}", ctx.live.endpoint));
    let label = ui.add(
        egui::Label::new(RichText::new(super::tree_table::one_line(&text, 48)).small())
            .sense(egui::Sense::click()),
    );
    if r.clicked() || label.clicked() {
        tx.send(Command::ShowHealth);
    }
}

impl Panel for HealthPanel {
    fn id(&self) -> &'static str {
        "health"
    }

    fn dock(&self) -> Dock {
        Dock::Right(theme::HEALTH_WIDTH, theme::HEALTH_MIN_WIDTH)
    }

    fn visible(&self, ctx: &ViewContext<'_>) -> bool {
        ctx.settings.show_health
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        ui.heading("Emulator");
        ui.horizontal(|ui| {
            let r =
                ui.add(egui::TextEdit::singleline(&mut self.endpoint_input).desired_width(190.0));
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "endpoint"));
            let submit = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Connect").clicked() || submit {
                self.endpoint_input = normalize(&self.endpoint_input);
                tx.send(Command::SetEndpoint(self.endpoint_input.clone()));
            }
        });
        let status = ctx.live.status.as_ref();
        ui.horizontal(|ui| {
            dot(ui, status_color(status));
            ui.label(status_text(status));
        });
        let Some(LiveStatus::Connected { health, info, latency, .. }) = status else {
            ui.label(
                RichText::new("Start LocalStack (or set the endpoint) to see its services.").weak(),
            );
            return;
        };
        egui::Grid::new("health-facts").num_columns(2).show(ui, |ui| {
            let mut fact = |k: &str, v: String| {
                ui.label(RichText::new(k).weak());
                ui.label(v);
                ui.end_row();
            };
            fact("version", health.version.clone().unwrap_or_else(|| "?".into()));
            fact("edition", health.edition.clone().unwrap_or_else(|| "?".into()));
            if let Some(i) = info {
                if let Some(up) = i.uptime {
                    fact(
                        "uptime",
                        format!("{}h {:02}m {:02}s", up / 3600, (up / 60) % 60, up % 60),
                    );
                }
                if let Some(d) = i.is_docker {
                    fact("in docker", d.to_string());
                }
                if let Some(s) = &i.session_id {
                    fact("session", s.clone());
                }
            }
            fact(
                "persistence",
                health.feature("persistence").unwrap_or("not reported").to_string(),
            );
            fact("latency", format!("{} ms", latency.as_millis()));
            if health.legacy {
                fact("endpoint", "legacy /health (LocalStack 0.x–2.x)".into());
            }
        });
        ui.separator();
        ui.checkbox(&mut self.only_running, "only running");
        egui::ScrollArea::vertical().id_salt("health-services").show(ui, |ui| {
            egui::Grid::new("health-services-grid").num_columns(2).striped(true).show(ui, |ui| {
                for (name, state) in &health.services {
                    if self.only_running && *state != ServiceState::Running {
                        continue;
                    }
                    ui.horizontal(|ui| {
                        dot(ui, state_color(state.as_str()));
                        ui.label(name);
                    });
                    ui.label(RichText::new(state.as_str()).color(state_color(state.as_str())));
                    ui.end_row();
                }
            });
        });
    }
}
