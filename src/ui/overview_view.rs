//! The centre when a volume opens: its overview — per service the resources by kind, size,
//! files, last change and decode problems; the totals; the largest files and resources.
//! Every line opens what it names. While the inventory job runs, its progress is shown and
//! the rest of the app stays live.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::browse::{BrowseCommand, KindRef};
use super::command::{Command, CommandSender};
use super::panel::ViewContext;
use super::theme;
use localstate_core::text::{human_size, plural};
use localstate_core::volume::overview::Overview;

pub fn show(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    ui.heading("Volume overview");
    let Some(o) = ctx.browse.overview.as_deref() else {
        building(ui, ctx);
        return;
    };
    if ctx.browse.building {
        building(ui, ctx);
    }
    let mut head = format!(
        "{} · {} · {}",
        plural("file", o.totals.files),
        human_size(o.totals.bytes),
        plural("resource", o.totals.resources)
    );
    if let Some(v) = &o.written_by {
        head.push_str(&format!(" · written by LocalStack {v}"));
    }
    if o.totals.problems > 0 {
        head.push_str(&format!(" · {} could not be decoded", plural("file", o.totals.problems)));
    }
    ui.label(RichText::new(head).strong());
    ui.add_space(6.0);
    services(ui, o, tx);
    ui.add_space(10.0);
    ui.columns(2, |cols| {
        largest_files(&mut cols[0], o, ctx, tx);
        largest_resources(&mut cols[1], o, tx);
    });
}

fn building(ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
    let job = ctx.jobs.iter().find(|j| j.key == super::app::JobKey::Inventory);
    ui.horizontal(|ui| {
        ui.spinner();
        let fraction = job.and_then(|j| j.progress.fraction()).unwrap_or(0.0);
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(240.0)
                .text(format!("decoding every file… {:.0} %", fraction * 100.0)),
        );
    });
}

fn services(ui: &mut egui::Ui, o: &Overview, tx: &CommandSender) {
    let height = ui.available_height() * 0.55;
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .id_salt("overview-services")
        .striped(true)
        .sense(egui::Sense::click())
        .column(Column::initial(150.0).at_least(80.0))
        .column(Column::initial(80.0))
        .column(Column::initial(50.0))
        .column(Column::initial(160.0))
        .column(Column::remainder().at_least(200.0).clip(true))
        .max_scroll_height(height)
        .header(theme::ROW_HEIGHT, |mut h| {
            for title in ["Service", "Size", "Files", "Last modified", "Resources"] {
                h.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, o.services.len(), |mut row| {
                let s = &o.services[row.index()];
                row.col(|ui| {
                    ui.label(RichText::new(&s.title).strong());
                });
                row.col(|ui| {
                    ui.label(human_size(s.bytes));
                });
                row.col(|ui| {
                    ui.label(s.files.to_string());
                });
                row.col(|ui| {
                    ui.label(RichText::new(s.last_modified.as_deref().unwrap_or("-")).weak());
                });
                row.col(|ui| {
                    let kinds: Vec<String> =
                        s.kinds.iter().map(|(k, n)| plural(k, *n as usize)).collect();
                    if !s.problems.is_empty() {
                        ui.colored_label(theme::error(ui.visuals()), "⚠")
                            .on_hover_text(s.problems.join("\n"));
                    }
                    ui.label(if kinds.is_empty() { "-".into() } else { kinds.join(" · ") });
                });
                if row.response().clicked()
                    && let Some((kind, _)) = s.kinds.first()
                {
                    let k = KindRef { service: s.service.clone(), kind: kind.clone() };
                    tx.send(Command::Browse(BrowseCommand::Kind(k)));
                }
            });
        });
}

fn largest_files(ui: &mut egui::Ui, o: &Overview, ctx: &ViewContext<'_>, tx: &CommandSender) {
    ui.strong("Largest files");
    for f in &o.largest_files {
        let text = format!("{:>10}  {}", human_size(f.bytes), f.file);
        if ui.selectable_label(false, RichText::new(text).monospace()).clicked()
            && let Some(e) = ctx.volume.and_then(|v| v.entries().find(|e| e.rel == f.file))
        {
            tx.send(Command::OpenFile(e.path.clone(), e.kind));
        }
    }
}

fn largest_resources(ui: &mut egui::Ui, o: &Overview, tx: &CommandSender) {
    ui.strong("Largest resources");
    for r in &o.largest_resources {
        let text = format!("{:>10}  {} {} · {}", human_size(r.bytes), r.service, r.kind, r.name);
        if ui.selectable_label(false, RichText::new(text).monospace()).clicked() {
            tx.send(Command::Browse(BrowseCommand::Resource(r.resource)));
        }
    }
}
