//! The value viewer: one string, bytes or number shown the way its content reads best — JSON
//! as a foldable tree or pretty text, XML pretty-printed, base64 and gzip decoded, zip archives
//! listed (an entry opens in the viewer), pictures drawn, epoch timestamps as dates, text with
//! line numbers, hex for the rest. `localstate_core::values` chooses and decodes; this draws,
//! lets the user pick another view, and copies the decoded value.
//!
//! Long text and hex lay out only the rows on screen (`ScrollArea::show_rows`); a value is
//! decoded once, when it or the chosen view changes, not every frame.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use egui::{RichText, TextWrapMode, UiBuilder};
use egui_extras::{Column, TableBuilder};

use super::theme::{self, ROW_HEIGHT};
use super::tree_table::{self, TreeView};
use localstate_core::model::Value;
use localstate_core::text::human_size;
use localstate_core::values::{self, Content, Lines, Rendered, Show, View, ZipEntry};

/// What one viewer shows: the value, its candidate views, the chosen one and its rendering.
#[derive(Default)]
pub struct ViewerState {
    /// The value the views are for (compared each frame to notice a new selection).
    value: Option<Value>,
    views: Vec<View>,
    chosen: usize,
    /// Candidate lists left for a zip entry, to go back to: views, choice, entry name.
    back: Vec<(Vec<View>, usize, String)>,
    /// The chosen view decoded (or why it cannot be).
    rendered: Option<(View, Result<Rendered, String>)>,
    /// Expansion and selection of a JSON view's tree.
    json_tree: TreeView,
    /// A JSON view shows its pretty text instead of the tree (kept from value to value).
    json_as_text: bool,
    /// Whether [`with_viewer`] drew the viewer last frame, and whether it appeared this one.
    shown: bool,
    opened: bool,
    /// A picture as given to egui's loaders: its `bytes://` uri (forgotten on change) and bytes.
    image: Option<(String, Arc<[u8]>)>,
}

impl ViewerState {
    /// The candidate views of the value shown, best first.
    pub fn views(&self) -> &[View] {
        &self.views
    }

    /// The view shown.
    pub fn chosen(&self) -> Option<&View> {
        self.views.get(self.chosen)
    }

    /// Whether the viewer appeared in this frame's [`with_viewer`] (the widget beside it just
    /// got smaller: a good moment to scroll its selection into view).
    pub fn opened(&self) -> bool {
        self.opened
    }

    /// Shows `view` if it is a candidate; whether it is.
    pub fn choose(&mut self, view: &View) -> bool {
        match self.views.iter().position(|v| v == view) {
            Some(i) => {
                self.chosen = i;
                true
            }
            None => false,
        }
    }

    /// Starts over on `value` when it is not the one shown.
    fn sync(&mut self, ctx: &egui::Context, value: &Value) {
        if self.value.as_ref() == Some(value) {
            return;
        }
        self.forget_image(ctx);
        *self = ViewerState {
            views: values::views(value),
            value: Some(value.clone()),
            json_as_text: self.json_as_text,
            shown: self.shown,
            opened: self.opened,
            ..ViewerState::default()
        };
    }

    /// Decodes the chosen view unless it is the one decoded.
    fn ensure_rendered(&mut self, ctx: &egui::Context) {
        let (Some(value), Some(view)) = (&self.value, self.views.get(self.chosen)) else { return };
        if self.rendered.as_ref().is_some_and(|(v, _)| v == view) {
            return;
        }
        let rendered = values::render(value, view).map_err(|e| e.to_string());
        if let Ok(Rendered { content: Content::Json { tree, .. }, .. }) = &rendered {
            self.json_tree = TreeView::with_initial_expansion(tree, 2);
        }
        let view = view.clone();
        self.forget_image(ctx);
        self.rendered = Some((view, rendered));
    }

    fn forget_image(&mut self, ctx: &egui::Context) {
        if let Some((uri, _)) = self.image.take() {
            ctx.forget_image(&uri);
        }
    }

    /// Looks at entry `index` of the zip archive shown.
    fn open_entry(&mut self, index: usize, name: &str) {
        let (Some(value), Some(archive)) = (&self.value, self.views.get(self.chosen)) else {
            return;
        };
        let entry = values::entry_views(value, archive, index, values::Limits::default());
        if entry.is_empty() {
            return;
        }
        let archive_views = std::mem::replace(&mut self.views, entry);
        self.back.push((archive_views, self.chosen, name.to_string()));
        self.chosen = 0;
    }

    fn go_back(&mut self) {
        if let Some((views, chosen, _)) = self.back.pop() {
            self.views = views;
            self.chosen = chosen;
        }
    }
}

/// Whether the viewer has something to show for `value`: text (also display text, such as a
/// Kinesis record's pretty JSON), bytes and numbers.
pub fn viewable(value: &Value) -> bool {
    matches!(
        value,
        Value::Str(_)
            | Value::Text(_)
            | Value::Bytes(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::BigInt(_)
            | Value::Number(_)
    )
}

/// Share of the space the widget above a viewer keeps, until the split is dragged.
const MAIN_SHARE: f32 = 0.55;

/// The same beside the viewer (a hex row needs more width than a tree's columns).
const MAIN_SHARE_BESIDE: f32 = 0.45;

/// Width of the draggable gap between the widget and the viewer.
const SPLIT_GAP: f32 = 6.0;

/// Draws `main` (a tree or table) with the viewer of `value` next to it — under it when
/// `below`, else to its right, split by a draggable gap — when there is a [`viewable`]
/// value; `main` alone in all the space otherwise. `main` is drawn in a child of the same id
/// either way, so its scroll position and column widths survive the viewer coming and going.
pub fn with_viewer<R>(
    ui: &mut egui::Ui,
    id_salt: &str,
    value: Option<&Value>,
    state: &mut ViewerState,
    below: bool,
    main: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let rect = ui.available_rect_before_wrap();
    let main_ui =
        |rect: egui::Rect| UiBuilder::new().id_salt(("viewer-main", id_salt)).max_rect(rect);
    let value = value.filter(|v| viewable(v));
    state.opened = value.is_some() && !state.shown;
    state.shown = value.is_some();
    let Some(value) = value else {
        return ui.scope_builder(main_ui(rect), main).inner;
    };
    let split_id = ui.scope_id().with(("viewer-split", id_salt));
    let initial = if below { MAIN_SHARE } else { MAIN_SHARE_BESIDE };
    let mut share = ui.data(|d| d.get_temp::<f32>(split_id)).unwrap_or(initial);
    let (start, length) =
        if below { (rect.top(), rect.height()) } else { (rect.left(), rect.width()) };
    let at = start + length * share;
    let (main_rect, gap, viewer_rect) = if below {
        let (main_rect, rest) = rect.split_top_bottom_at_y(at - SPLIT_GAP / 2.0);
        let (gap, viewer_rect) = rest.split_top_bottom_at_y(at + SPLIT_GAP / 2.0);
        (main_rect, gap, viewer_rect)
    } else {
        let (main_rect, rest) = rect.split_left_right_at_x(at - SPLIT_GAP / 2.0);
        let (gap, viewer_rect) = rest.split_left_right_at_x(at + SPLIT_GAP / 2.0);
        (main_rect, gap, viewer_rect)
    };
    let out = ui.scope_builder(main_ui(main_rect), |ui| {
        ui.set_min_size(main_rect.size());
        main(ui)
    });
    let drag = ui.interact(gap, split_id.with("handle"), egui::Sense::drag());
    if let Some(pointer) = drag.interact_pointer_pos().filter(|_| drag.dragged()) {
        let along = if below { pointer.y } else { pointer.x };
        share = ((along - start) / length.max(1.0)).clamp(0.15, 0.85);
        ui.data_mut(|d| d.insert_temp(split_id, share));
    }
    let active = drag.hovered() || drag.dragged();
    let stroke = if active {
        ui.visuals().widgets.hovered.fg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    if below {
        ui.painter().hline(gap.x_range(), gap.center().y, stroke);
    } else {
        ui.painter().vline(gap.center().x, gap.y_range(), stroke);
    }
    if active {
        ui.set_cursor_icon(if below {
            egui::CursorIcon::ResizeVertical
        } else {
            egui::CursorIcon::ResizeHorizontal
        });
    }
    ui.scope_builder(UiBuilder::new().id_salt(("viewer", id_salt)).max_rect(viewer_rect), |ui| {
        show(ui, id_salt, value, state)
    });
    out.inner
}

/// Draws the viewer for `value` in the space left in `ui`. `id_salt` keeps several viewers
/// apart.
pub fn show(ui: &mut egui::Ui, id_salt: &str, value: &Value, state: &mut ViewerState) {
    state.sync(ui.ctx(), value);
    if state.views.is_empty() {
        ui.label(RichText::new("nothing to view").weak());
        return;
    }
    toolbar(ui, state);
    state.ensure_rendered(ui.ctx());
    let Some((_, rendered)) = &mut state.rendered else { return };
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => {
            ui.colored_label(theme::error(ui.visuals()), format!("⚠ {e}"));
            return;
        }
    };
    for note in &rendered.notes {
        ui.colored_label(theme::warning(ui.visuals()), format!("⚠ {note}"));
    }
    let id = |part: &str| format!("{id_salt}-{part}");
    let mut open_entry = None;
    match &mut rendered.content {
        Content::Text(lines) => text_rows(ui, &id("text"), lines),
        Content::Xml { pretty, .. } => text_rows(ui, &id("xml"), pretty),
        Content::Json { pretty, .. } if state.json_as_text => {
            text_rows(ui, &id("json-text"), pretty)
        }
        Content::Json { tree, .. } => {
            for node in state.json_tree.take_unfold_requests() {
                tree.unfold(node);
            }
            // "-detail": like a row's detail tree, Ctrl+C copies from it only once clicked.
            tree_table::show(ui, &id("json-detail"), tree, &mut state.json_tree);
        }
        Content::Hex(bytes) => hex_rows(ui, &id("hex"), bytes),
        Content::Image { kind, bytes, size } => {
            let (uri, bytes) = state
                .image
                .get_or_insert_with(|| (image_uri(kind.name()), Arc::from(bytes.as_slice())));
            picture(ui, &id("image"), uri, bytes, *size, kind.name());
        }
        Content::Zip(entries) => open_entry = zip_table(ui, &id("zip"), entries),
        Content::Timestamp(ts) => {
            ui.add_space(8.0);
            ui.label(RichText::new(&ts.iso).monospace().size(20.0).strong());
            ui.label(ts.relative_to(SystemTime::now()));
            let unit = match ts.epoch {
                values::Epoch::Seconds => "seconds",
                values::Epoch::Millis => "milliseconds",
            };
            ui.label(RichText::new(format!("read as {unit} since 1970-01-01 UTC")).weak());
        }
    }
    if let Some((index, name)) = open_entry {
        state.open_entry(index, &name);
    }
}

/// Back to the archive, the candidate views, the JSON tree/text switch and Copy.
fn toolbar(ui: &mut egui::Ui, state: &mut ViewerState) {
    let mut back = false;
    let mut copy = false;
    ui.horizontal_wrapped(|ui| {
        if let Some((_, _, name)) = state.back.last() {
            back = ui.button("⬅ Archive").on_hover_text("back to the zip listing").clicked();
            ui.label(RichText::new(name).strong());
            ui.separator();
        }
        ui.label(RichText::new("View").weak());
        for (i, view) in state.views.iter().enumerate() {
            if ui.selectable_label(i == state.chosen, view.to_string()).clicked() {
                state.chosen = i;
            }
        }
        if state.views.get(state.chosen).is_some_and(|v| v.show == Show::Json) {
            ui.separator();
            ui.selectable_value(&mut state.json_as_text, false, "Tree");
            ui.selectable_value(&mut state.json_as_text, true, "Pretty");
        }
        ui.separator();
        let ready = matches!(state.rendered, Some((ref v, Ok(_))) if Some(v) == state.views.get(state.chosen));
        copy = ui
            .add_enabled(ready, egui::Button::new("Copy"))
            .on_hover_text("copy the decoded value")
            .clicked();
    });
    if copy && let Some((_, Ok(r))) = &state.rendered {
        ui.ctx().copy_text(values::copy_text(r));
    }
    if back {
        state.go_back();
    }
}

/// Numbered text rows, only those on screen laid out.
fn text_rows(ui: &mut egui::Ui, id: &str, lines: &Lines) {
    let digits = lines.line_count().max(1).to_string().len();
    mono_rows(ui, id, lines.len(), |i| {
        let (number, text) = lines.row(i);
        let number = number.map_or(String::new(), |n| n.to_string());
        (Some(format!("{number:>digits$}")), text.to_string())
    });
}

/// The hex dump, only the rows on screen formatted.
fn hex_rows(ui: &mut egui::Ui, id: &str, bytes: &[u8]) {
    ui.label(RichText::new(human_size(bytes.len() as u64)).weak());
    mono_rows(ui, id, values::hex_row_count(bytes.len()), |i| (None, values::hex_row(bytes, i)));
}

/// Rows of monospace text (with a weak gutter) in a scroll area that lays out only the rows
/// on screen.
fn mono_rows(
    ui: &mut egui::Ui,
    id: &str,
    count: usize,
    row: impl Fn(usize) -> (Option<String>, String),
) {
    let height = ui.text_style_height(&egui::TextStyle::Monospace);
    // Rows of code are read as a block: no gap between them beyond the font's own.
    ui.spacing_mut().item_spacing.y = 1.0;
    egui::ScrollArea::both().id_salt(id).auto_shrink([false, false]).show_rows(
        ui,
        height,
        count,
        |ui, range| {
            ui.style_mut().wrap_mode = Some(TextWrapMode::Extend);
            for i in range {
                let (gutter, text) = row(i);
                ui.horizontal(|ui| {
                    if let Some(gutter) = gutter {
                        ui.label(RichText::new(gutter).monospace().weak());
                    }
                    ui.label(RichText::new(text).monospace());
                });
            }
        },
    );
}

/// A fresh `bytes://` uri for a picture (egui's loaders cache by uri; the extension picks the
/// SVG loader or the image crate's).
fn image_uri(kind: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("bytes://localstate-value-{n}.{}", kind.to_ascii_lowercase())
}

/// Pixel sizes below this are scaled up (a 1×1 tracking pixel would otherwise be invisible).
const SMALL_PICTURE: u32 = 64;

fn picture(
    ui: &mut egui::Ui,
    id: &str,
    uri: &str,
    bytes: &Arc<[u8]>,
    size: Option<(u32, u32)>,
    kind: &str,
) {
    egui_extras::install_image_loaders(ui.ctx());
    let dims = size.map_or(String::new(), |(w, h)| format!(" · {w}×{h} px"));
    ui.label(RichText::new(format!("{kind}{dims} · {}", human_size(bytes.len() as u64))).weak());
    egui::ScrollArea::both().id_salt(id).auto_shrink([false, false]).show(ui, |ui| {
        let image =
            egui::Image::from_bytes(uri.to_string(), egui::load::Bytes::Shared(bytes.clone()));
        let image = match size {
            Some((w, h)) if w.max(h) < SMALL_PICTURE => {
                let scale = (SMALL_PICTURE * 2 / w.max(h).max(1)) as f32;
                image
                    .fit_to_exact_size(egui::vec2(w as f32, h as f32) * scale)
                    .texture_options(egui::TextureOptions::NEAREST)
            }
            _ => image.max_width(ui.available_width()).shrink_to_fit(),
        };
        ui.add(image.alt_text(format!("{kind} image")));
    });
}

/// The archive's entries; returns the entry whose name was clicked (index and name).
fn zip_table(ui: &mut egui::Ui, id: &str, entries: &[ZipEntry]) -> Option<(usize, String)> {
    let total: u64 = entries.iter().map(|e| e.size).sum();
    ui.label(
        RichText::new(format!(
            "{} · {} uncompressed · click a file to view it",
            localstate_core::text::plural("entry", entries.len()),
            human_size(total)
        ))
        .weak(),
    );
    let mut clicked = None;
    TableBuilder::new(ui)
        .id_salt(id)
        .striped(true)
        .resizable(true)
        .column(Column::remainder().at_least(160.0).clip(true))
        .column(Column::initial(90.0))
        .column(Column::initial(90.0))
        .column(Column::initial(150.0))
        .min_scrolled_height(0.0)
        .header(ROW_HEIGHT, |mut header| {
            for title in ["Name", "Size", "Compressed", "Modified"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, entries.len(), |mut row| {
                let i = row.index();
                let e = &entries[i];
                row.col(|ui| {
                    if e.is_dir {
                        ui.label(RichText::new(&e.name).weak());
                    } else if ui.link(&e.name).clicked() {
                        clicked = Some((i, e.name.clone()));
                    }
                });
                row.col(|ui| {
                    ui.label(human_size(e.size));
                });
                row.col(|ui| {
                    ui.label(human_size(e.compressed_size));
                });
                row.col(|ui| {
                    ui.label(e.modified.as_deref().unwrap_or(""));
                });
            });
        });
    clicked
}
