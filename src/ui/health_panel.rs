//! The emulator panel: what the running LocalStack says about itself (version, edition,
//! uptime, persistence feature, a service grid with state colours), the endpoint field, and
//! the status-bar dot. Polling runs on `live::Poller`'s thread; this only draws snapshots.

use egui::{Color32, RichText};

use super::app::App;
use localstate_core::live::{
    self, LiveStatus, PollConfig, Poller, ServiceState, poller::normalize,
};

pub struct HealthPanel {
    pub endpoint: String,
    endpoint_input: String,
    pub status: Option<LiveStatus>,
    only_running: bool,
    poller: Poller,
}

impl HealthPanel {
    pub fn new(endpoint: Option<String>, ctx: Option<egui::Context>) -> Self {
        let endpoint = live::resolve_endpoint(endpoint.as_deref());
        let notify: Option<Box<dyn Fn() + Send>> =
            ctx.map(|c| Box::new(move || c.request_repaint()) as Box<dyn Fn() + Send>);
        let poller = Poller::start(&endpoint, PollConfig::default(), notify);
        HealthPanel {
            endpoint_input: endpoint.clone(),
            endpoint,
            status: None,
            only_running: false,
            poller,
        }
    }

    /// Takes the newest status the poller sent.
    pub fn absorb(&mut self) {
        if let Some(s) = self.poller.latest() {
            self.status = Some(s);
        }
    }

    pub fn set_endpoint(&mut self, endpoint: &str) {
        self.endpoint = normalize(endpoint);
        self.endpoint_input = self.endpoint.clone();
        self.status = None;
        self.poller.set_endpoint(&self.endpoint);
    }

    /// The state the emulator reports for a service, when connected.
    pub fn service_state(&self, name: &str) -> Option<String> {
        match &self.status {
            Some(LiveStatus::Connected { health, .. }) => health.state(name).map(|s| s.to_string()),
            _ => None,
        }
    }

    /// Whether a reachable emulator is running: saving should then ask first.
    pub fn emulator_running(&self) -> bool {
        matches!(&self.status, Some(LiveStatus::Connected { .. }))
    }
}

pub fn state_color(state: &str) -> Color32 {
    match ServiceState::parse(state) {
        ServiceState::Running => Color32::from_rgb(60, 180, 75),
        ServiceState::Available => Color32::from_rgb(70, 130, 220),
        ServiceState::Starting | ServiceState::Stopping => Color32::from_rgb(230, 160, 40),
        ServiceState::Error => Color32::from_rgb(220, 60, 60),
        _ => Color32::GRAY,
    }
}

/// A small filled circle (fonts need not have a bullet glyph).
pub fn dot(ui: &mut egui::Ui, color: Color32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, color);
    response
}

fn status_color(status: Option<&LiveStatus>) -> Color32 {
    match status {
        Some(LiveStatus::Connected { .. }) => Color32::from_rgb(60, 180, 75),
        Some(LiveStatus::Unreachable { .. }) => Color32::GRAY,
        Some(LiveStatus::NotLocalStack { .. }) => Color32::from_rgb(220, 60, 60),
        None => Color32::from_rgb(230, 160, 40),
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

pub fn status_dot(ui: &mut egui::Ui, app: &mut App) {
    let status = app.health.status.as_ref();
    let text = status_text(status);
    let r = dot(ui, status_color(status)).on_hover_text(format!("{}\n{text}", app.health.endpoint));
    let label = ui.add(
        egui::Label::new(RichText::new(super::tree_table::one_line(&text, 48)).small())
            .sense(egui::Sense::click()),
    );
    if r.clicked() || label.clicked() {
        app.settings.show_health = true;
    }
}

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    let panel = &mut app.health;
    ui.heading("Emulator");
    ui.horizontal(|ui| {
        let r = ui.add(egui::TextEdit::singleline(&mut panel.endpoint_input).desired_width(190.0));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "endpoint"));
        let submit = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("Connect").clicked() || submit {
            let e = panel.endpoint_input.clone();
            panel.set_endpoint(&e);
        }
    });
    ui.horizontal(|ui| {
        dot(ui, status_color(panel.status.as_ref()));
        ui.label(status_text(panel.status.as_ref()));
    });
    let Some(LiveStatus::Connected { health, info, latency, .. }) = &panel.status else {
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
                fact("uptime", format!("{}h {:02}m {:02}s", up / 3600, (up / 60) % 60, up % 60));
            }
            if let Some(d) = i.is_docker {
                fact("in docker", d.to_string());
            }
            if let Some(s) = &i.session_id {
                fact("session", s.clone());
            }
        }
        fact("persistence", health.feature("persistence").unwrap_or("not reported").to_string());
        fact("latency", format!("{} ms", latency.as_millis()));
        if health.legacy {
            fact("endpoint", "legacy /health (LocalStack 0.x–2.x)".into());
        }
    });
    ui.separator();
    ui.checkbox(&mut panel.only_running, "only running");
    egui::ScrollArea::vertical().id_salt("health-services").show(ui, |ui| {
        egui::Grid::new("health-services-grid").num_columns(2).striped(true).show(ui, |ui| {
            for (name, state) in &health.services {
                if panel.only_running && *state != ServiceState::Running {
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
