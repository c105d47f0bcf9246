//! The replay-log panel: the calls of the volume's record-and-replay log in a virtualized
//! table (filter by service and operation), the selected call decoded (request, response,
//! parameters) and the divergence lint's findings highlighted. Indexing, decoding the rows and
//! linting run in a background job of the app; a selected call is decoded on demand from its offset.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::command::{Command, CommandSender};
use super::panel::{Dock, Panel, ViewContext};
use super::theme;
use super::tree_table::one_line;
use localstate_core::formats::replay::{self, Call, Finding, Lint, ReplayLog};

/// One call as the table shows it (kept small: a log can have millions).
pub struct CallRow {
    pub index: usize,
    pub time: String,
    pub service: String,
    pub operation: String,
    pub params: String,
}

/// An indexed, decoded and linted log.
pub struct Loaded {
    log: ReplayLog,
    rows: Vec<CallRow>,
    lint: Lint,
    /// Findings by call index.
    findings: HashMap<usize, Vec<usize>>,
}

/// The volume's replay log as the app holds it: loaded by a job, a call selected.
#[derive(Default)]
pub struct ReplayState {
    path: Option<PathBuf>,
    loading: bool,
    loaded: Option<Loaded>,
    error: Option<String>,
    pub selected: Option<usize>,
    selected_call: Option<Result<Call, String>>,
}

impl ReplayState {
    /// `path` being indexed.
    pub fn loading(path: &Path) -> Self {
        ReplayState { path: Some(path.to_path_buf()), loading: true, ..Default::default() }
    }

    /// The loading job's result (ignored when another log is shown meanwhile).
    pub fn loaded(&mut self, path: &Path, result: Result<Loaded, String>) {
        if self.path.as_deref() != Some(path) {
            return;
        }
        self.loading = false;
        match result {
            Ok(l) => self.loaded = Some(l),
            Err(e) => self.error = Some(e),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn calls(&self) -> usize {
        self.loaded.as_ref().map_or(0, |l| l.rows.len())
    }

    /// Selects call `index` (log order) and decodes it.
    pub fn select(&mut self, index: usize) {
        self.selected = Some(index);
        self.selected_call = self.loaded.as_ref().map(|l| match l.log.call(index) {
            Ok(Ok(c)) => Ok(c),
            Ok(Err(e)) => Err(e.message),
            Err(e) => Err(format!("{e:#}")),
        });
    }
}

/// The panel's own state: the filters and the rows passing them.
#[derive(Default)]
pub struct ReplayPanel {
    service_filter: String,
    operation_filter: String,
    /// Rows passing the filter (indexes into `loaded.rows`).
    visible: Vec<usize>,
    visible_for: (String, String, usize),
}

impl ReplayPanel {
    fn refilter(&mut self, l: &Loaded) {
        let key = (self.service_filter.clone(), self.operation_filter.to_lowercase(), l.rows.len());
        if key == self.visible_for {
            return;
        }
        self.visible = l
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| key.0.is_empty() || r.service == key.0)
            .filter(|(_, r)| key.1.is_empty() || r.operation.to_lowercase().contains(&key.1))
            .map(|(i, _)| i)
            .collect();
        self.visible_for = key;
    }
}

pub fn load(path: &Path) -> anyhow::Result<Loaded> {
    let log = ReplayLog::open(path)?;
    let mut rows = Vec::with_capacity(log.len());
    for c in log.calls()? {
        if let Ok(call) = c? {
            rows.push(CallRow {
                index: call.index,
                time: call.time.clone().unwrap_or_default(),
                service: call.service.clone(),
                operation: call.operation.clone(),
                params: call.params_line(120),
            });
        }
    }
    let lint = replay::lint(&log, replay::DEFAULT_PER_CALL_COST)?;
    let mut findings: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, f) in lint.findings.iter().enumerate() {
        findings.entry(f.call).or_default().push(i);
    }
    Ok(Loaded { log, rows, lint, findings })
}

impl Panel for ReplayPanel {
    fn id(&self) -> &'static str {
        "replay"
    }

    fn dock(&self) -> Dock {
        Dock::Bottom(Some((theme::REPLAY_HEIGHT, theme::REPLAY_MIN_HEIGHT)))
    }

    fn visible(&self, ctx: &ViewContext<'_>) -> bool {
        ctx.settings.show_replay
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        let state = ctx.replay;
        ui.horizontal(|ui| {
            ui.heading("Replay log");
            if let Some(p) = &state.path {
                ui.label(RichText::new(p.display().to_string()).monospace().small());
            }
        });
        if state.path.is_none() {
            ui.label(
                RichText::new(
                    "This volume has no record-and-replay log (recorded_api_calls.json).",
                )
                .weak(),
            );
            return;
        }
        if let Some(e) = &state.error {
            ui.colored_label(theme::error(ui.visuals()), format!("⚠ {e}"));
            return;
        }
        if state.loading {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("indexing and linting the log…");
            });
            return;
        }
        let Some(loaded) = &state.loaded else { return };
        self.refilter(loaded);
        summary(ui, &loaded.lint);
        let services: Vec<String> =
            loaded.lint.summary.per_service.iter().map(|(s, _)| s.clone()).collect();
        ui.horizontal(|ui| {
            egui::ComboBox::from_label("service")
                .selected_text(if self.service_filter.is_empty() {
                    "all".to_string()
                } else {
                    self.service_filter.clone()
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.service_filter, String::new(), "all");
                    for s in services {
                        ui.selectable_value(&mut self.service_filter, s.clone(), s);
                    }
                });
            ui.label("operation");
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.operation_filter)
                    .desired_width(140.0)
                    .hint_text("e.g. SendMessage"),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "operation filter")
            });
            ui.label(format!("{} of {} calls", self.visible.len(), loaded.rows.len()));
        });
        let mut clicked = None;
        ui.columns(2, |cols| {
            calls_table(&mut cols[0], loaded, &self.visible, state.selected, &mut clicked);
            // Columns lay out justified, which would spread the letters of wrapped text.
            cols[1].with_layout(egui::Layout::top_down(egui::Align::LEFT), |ui| {
                call_detail(ui, loaded, state.selected_call.as_ref())
            });
        });
        if let Some(i) = clicked {
            tx.send(Command::SelectReplayCall(i));
        }
    }
}

fn summary(ui: &mut egui::Ui, lint: &Lint) {
    let s = &lint.summary;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} calls", s.calls)).strong());
        ui.label(format!("{} depend on an earlier response", s.dependent_calls));
        ui.label(format!("{} timing-dependent", s.timing_calls));
        ui.label(format!("est. replay {:.1} s", s.estimated_replay.as_secs_f64()));
        if s.malformed_lines > 0 {
            ui.colored_label(
                theme::warning(ui.visuals()),
                format!("{} malformed lines", s.malformed_lines),
            );
        }
    });
    if let Some(line) = &s.restore_line {
        ui.label(RichText::new(line).monospace().small())
            .on_hover_text("the line LocalStack logs after replaying this file");
    }
}

/// The calls table's name as a copy target.
const COPY_KEY: &str = "replay-calls";

fn calls_table(
    ui: &mut egui::Ui,
    loaded: &Loaded,
    visible: &[usize],
    selected: Option<usize>,
    clicked: &mut Option<usize>,
) {
    let warn = theme::warning(ui.visuals());
    if let Some(r) = selected.and_then(|s| loaded.rows.iter().find(|r| r.index == s))
        && super::copy::requested(ui.ctx(), COPY_KEY, false)
    {
        let text = [&(r.index + 1).to_string(), &r.time, &r.service, &r.operation, &r.params];
        ui.ctx().copy_text(text.map(|s| s.as_str()).join("\t"));
    }
    let egui_ctx = ui.ctx().clone();
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .id_salt("replay-calls")
        .auto_shrink([false, false])
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .column(Column::exact(48.0))
        .column(Column::initial(64.0).clip(true))
        .column(Column::initial(70.0).clip(true))
        .column(Column::initial(150.0).clip(true))
        .column(Column::remainder().clip(true))
        .min_scrolled_height(0.0)
        .header(theme::ROW_HEIGHT, |mut h| {
            for t in ["#", "time", "service", "operation", "parameters"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, visible.len(), |mut row| {
                let r = &loaded.rows[visible[row.index()]];
                let flagged = loaded.findings.contains_key(&r.index);
                row.set_selected(selected == Some(r.index));
                row.col(|ui| {
                    ui.label((r.index + 1).to_string());
                });
                row.col(|ui| {
                    // `2026-11-28T15:02:11Z` / `2026-11-28 15:02:11` → `15:02:11`
                    let t =
                        r.time.split(['T', ' ']).nth(1).unwrap_or(&r.time).trim_end_matches('Z');
                    ui.label(RichText::new(t).weak());
                });
                row.col(|ui| {
                    ui.label(&r.service);
                });
                row.col(|ui| {
                    let text = RichText::new(&r.operation);
                    ui.label(if flagged { text.color(warn) } else { text });
                    if flagged {
                        ui.label(RichText::new("⚠").color(warn));
                    }
                });
                row.col(|ui| {
                    ui.label(RichText::new(&r.params).weak());
                });
                if row.response().clicked() {
                    *clicked = Some(r.index);
                    super::copy::claim(&egui_ctx, COPY_KEY);
                }
            });
        });
}

fn call_detail(ui: &mut egui::Ui, loaded: &Loaded, call: Option<&Result<Call, String>>) {
    let Some(call) = call else {
        ui.label(
            RichText::new("Select a call to see its request, response and lint findings.").weak(),
        );
        return;
    };
    let call = match call {
        Ok(c) => c,
        Err(e) => {
            ui.colored_label(theme::error(ui.visuals()), e);
            return;
        }
    };
    egui::ScrollArea::vertical().id_salt("replay-detail").auto_shrink([false, false]).show(
        ui,
        |ui| {
            ui.label(
                RichText::new(format!("#{} {} {}", call.index + 1, call.service, call.operation))
                    .strong()
                    .size(15.0),
            );
            ui.label(RichText::new(format!("{} {}", call.method, call.path)).monospace());
            ui.label(
                RichText::new(format!(
                    "time {} · region {} · access key {}",
                    call.time.as_deref().unwrap_or("?"),
                    call.region.as_deref().unwrap_or("?"),
                    call.access_key.as_deref().unwrap_or("?")
                ))
                .weak(),
            );
            for fi in loaded.findings.get(&call.index).into_iter().flatten() {
                finding(ui, &loaded.lint.findings[*fi]);
            }
            if !call.params.is_empty() {
                egui::CollapsingHeader::new(format!("parameters ({})", call.params.len()))
                    .default_open(true)
                    .show(ui, |ui| {
                        egui::Grid::new("replay-params").num_columns(2).striped(true).show(
                            ui,
                            |ui| {
                                for (k, v) in &call.params {
                                    ui.label(RichText::new(k).weak());
                                    ui.label(one_line(v, 200));
                                    ui.end_row();
                                }
                            },
                        );
                    });
            }
            egui::CollapsingHeader::new(format!(
                "request body ({}, {} bytes)",
                call.request_body.kind.label(),
                call.request_body.size
            ))
            .show(ui, |ui| {
                ui.label(RichText::new(&call.request_body.text).monospace());
            });
            match &call.response {
                Some(r) => {
                    egui::CollapsingHeader::new(format!(
                        "response ({}, {} bytes)",
                        r.kind.label(),
                        r.size
                    ))
                    .show(ui, |ui| {
                        ui.label(RichText::new(&r.text).monospace());
                    });
                }
                None => {
                    ui.label(
                        RichText::new("no response recorded (logs before 0.10.8 have no `rd`)")
                            .weak(),
                    );
                }
            }
        },
    );
}

fn finding(ui: &mut egui::Ui, f: &Finding) {
    egui::Frame::new()
        .fill(theme::finding_fill(ui.visuals()))
        .inner_margin(theme::FRAME_MARGIN)
        .corner_radius(theme::CORNER_RADIUS)
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!("⚠ {}", f.headline())).color(theme::warning(ui.visuals())),
            );
            ui.label(RichText::new(&f.note).small());
        });
}
