//! The safety audit in the app: after every scan a background job audits the volume's pickle
//! and jsonpickle files (`localstate_core::audit`); the status bar shows a badge ("⚠ 2
//! suspicious" / "✔ audited", a click toggles the panel) and the panel lists each file's
//! findings: location, opcode, what it does, name and arguments, verdict and reason.

use std::path::{Path, PathBuf};

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::command::{Command, CommandSender, UICommand};
use super::panel::{Dock, Panel, ViewContext};
use super::theme;
use localstate_core::audit::{self, FileAudit, Options, Verdict};
use localstate_core::volume::Volume;

/// The audit of the volume as the app holds it.
#[derive(Default)]
pub struct AuditState {
    /// The volume audited (results for another one are dropped).
    volume: Option<PathBuf>,
    running: bool,
    files: Vec<FileAudit>,
}

impl AuditState {
    /// An audit of `volume` is under way.
    pub fn running(volume: &Path) -> Self {
        AuditState { volume: Some(volume.to_path_buf()), running: true, files: Vec::new() }
    }

    /// The job's result (ignored when another volume is shown meanwhile).
    pub fn done(&mut self, volume: &Path, files: Vec<FileAudit>) {
        if self.volume.as_deref() == Some(volume) {
            self.running = false;
            self.files = files;
        }
    }

    /// The job failed: nothing audited.
    pub fn failed(&mut self) {
        self.running = false;
        self.files.clear();
    }

    /// Whether the audit job is under way.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// The files audited (empty while running).
    pub fn files(&self) -> &[FileAudit] {
        &self.files
    }

    /// Suspicious findings over all files.
    pub fn suspicious(&self) -> u64 {
        self.files.iter().map(|f| f.suspicious).sum()
    }
}

/// The files of `vol` the audit reads, as (path, kind).
pub fn targets(vol: &Volume) -> Vec<(PathBuf, localstate_core::kind::EntryKind)> {
    vol.entries().filter(|e| audit::audits(e.kind)).map(|e| (e.path.clone(), e.kind)).collect()
}

/// The job: audits `files`, reporting progress; stops early when cancelled.
pub fn run(
    files: &[(PathBuf, localstate_core::kind::EntryKind)],
    progress: &super::jobs::Progress,
    cancelled: impl Fn() -> bool,
) -> Vec<FileAudit> {
    let mut out = Vec::with_capacity(files.len());
    for (i, (path, kind)) in files.iter().enumerate() {
        if cancelled() {
            break;
        }
        progress.set(i as u64, files.len() as u64);
        out.push(audit::audit_kind(path, *kind, Options::default()));
    }
    out
}

/// The status-bar badge; a click toggles the panel.
pub fn badge(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    let state = ctx.audit;
    if state.volume.is_none() {
        return;
    }
    ui.separator();
    if state.running {
        ui.spinner();
        ui.label(RichText::new("auditing pickles…").small());
        return;
    }
    if state.files.is_empty() {
        return;
    }
    let n = state.suspicious();
    let (text, color) = if n > 0 {
        (format!("⚠ {n} suspicious"), ui.visuals().warn_fg_color)
    } else {
        ("✔ audited".to_string(), theme::SUCCESS)
    };
    let tip = format!(
        "Safety audit of {} pickle/jsonpickle file(s): what they would import and call on load. \
         Click to show the audit panel.",
        state.files.len()
    );
    if ui
        .add(egui::Button::new(RichText::new(text).small().color(color)).frame(false))
        .on_hover_text(tip)
        .clicked()
    {
        tx.send(Command::Ui(UICommand::ToggleAudit));
    }
}

/// The panel's own state.
#[derive(Default)]
pub struct AuditPanel {
    /// Show expected files too (by default only files with suspicious findings are listed
    /// open).
    show_all: bool,
}

impl Panel for AuditPanel {
    fn id(&self) -> &'static str {
        "audit"
    }

    fn dock(&self) -> Dock {
        Dock::Bottom(Some((theme::AUDIT_HEIGHT, theme::AUDIT_MIN_HEIGHT)))
    }

    fn visible(&self, ctx: &ViewContext<'_>) -> bool {
        ctx.settings.show_audit
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        let state = ctx.audit;
        ui.horizontal(|ui| {
            ui.heading("Safety audit");
            let n = state.suspicious();
            ui.label(format!(
                "{} file(s), {n} suspicious finding(s) — nothing is imported or run",
                state.files.len()
            ));
            ui.checkbox(&mut self.show_all, "show clean files");
        });
        if state.running {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("auditing the volume's pickles…");
            });
            return;
        }
        if state.files.is_empty() {
            ui.label(RichText::new("This volume has no pickle or jsonpickle files.").weak());
            return;
        }
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            for file in &state.files {
                if file.verdict == Verdict::Expected && !self.show_all {
                    continue;
                }
                file_section(ui, file, tx);
            }
        });
    }
}

fn file_section(ui: &mut egui::Ui, file: &FileAudit, tx: &CommandSender) {
    let (mark, color) = match file.verdict {
        Verdict::Suspicious => ("⚠", ui.visuals().warn_fg_color),
        Verdict::Expected => ("✔", theme::SUCCESS),
    };
    let title = format!(
        "{mark} {}  ({}: {} suspicious, {} expected)",
        short_path(&file.path),
        file.format,
        file.suspicious,
        file.expected
    );
    let id = ui.make_persistent_id(("audit", &file.path));
    egui::CollapsingHeader::new(RichText::new(title).color(color))
        .id_salt(id)
        .default_open(file.verdict == Verdict::Suspicious)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(file.path.display().to_string()).monospace().small());
                if ui.small_button("Open").clicked() {
                    let kind = localstate_core::formats::sniff(&file.path);
                    tx.send(Command::OpenFile(file.path.clone(), kind));
                }
            });
            if let Some(e) = &file.error {
                ui.colored_label(theme::error(ui.visuals()), format!("⚠ audited up to: {e}"));
            }
            if file.findings.is_empty() {
                ui.label(RichText::new("Every global and call is on the allowlist.").weak());
                return;
            }
            findings_table(ui, file);
            if file.omitted > 0 && file.suspicious as usize > file.findings.len() {
                ui.label(format!("… {} more not listed", file.omitted));
            }
        });
}

/// The last two components of `path` (`sqs/store.state`).
fn short_path(path: &Path) -> String {
    let mut parts: Vec<_> = path.iter().rev().take(2).map(|c| c.to_string_lossy()).collect();
    parts.reverse();
    parts.join("/")
}

fn findings_table(ui: &mut egui::Ui, file: &FileAudit) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    TableBuilder::new(ui)
        .id_salt(("audit-table", &file.path))
        .striped(true)
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(60.0))
        .column(Column::remainder().at_least(200.0).clip(true))
        .column(Column::auto().at_least(200.0).clip(true))
        .header(row_height, |mut h| {
            for t in ["where", "opcode", "does", "name and arguments", "verdict"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_height, file.findings.len(), |mut row| {
                let f = &file.findings[row.index()];
                row.col(|ui| {
                    ui.monospace(f.location.to_string());
                });
                row.col(|ui| {
                    ui.monospace(f.op);
                });
                row.col(|ui| {
                    ui.label(f.action.as_str());
                });
                row.col(|ui| {
                    let text = if f.args.is_empty() {
                        f.name.clone()
                    } else {
                        format!("{}({})", f.name, f.args)
                    };
                    ui.monospace(text);
                });
                row.col(|ui| {
                    let color = match f.verdict {
                        Verdict::Suspicious => ui.visuals().warn_fg_color,
                        Verdict::Expected => theme::SUCCESS,
                    };
                    let v =
                        if f.verdict == Verdict::Suspicious { "suspicious" } else { "expected" };
                    let text = RichText::new(format!("{v}: {}", f.reason)).color(color);
                    ui.add(egui::Label::new(text).truncate()).on_hover_text(f.reason);
                });
            });
        });
}
