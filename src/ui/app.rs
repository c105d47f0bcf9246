//! Application state and the one place commands are applied.
//!
//! Panels never change state directly: they push [`Command`]s, applied at the end of the
//! frame by [`App::apply`]. Slow work runs as [`Jobs`]; their [`Outcome`]s are applied at the
//! start of the next frame by [`App::absorb`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::jobs::Jobs;
use super::rows_table::{PAGE_SIZE, RowsRequest, RowsView};
use super::tree_table::TreeView;
use localstate_core::edit::EditSession;
use localstate_core::model::{Document, NodeId, Row, RowFilter, Scope};
use localstate_core::volume::{self, EntryKind, Volume, watch::VolumeWatcher};

/// What survives a restart (eframe persistence).
#[derive(Serialize, Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    pub last_volume: Option<PathBuf>,
    pub endpoint: Option<String>,
    pub show_replay: bool,
    pub show_health: bool,
}

const MAX_RECENT: usize = 10;

/// Requests from panels, applied at the end of a frame.
#[derive(Debug, Clone)]
pub enum Command {
    OpenVolume(PathBuf),
    OpenFile(PathBuf, EntryKind),
    Rescan,
    PickFolder,
    ShowOpenDialog(bool),
    Rows(usize, RowsRequest),
    SearchVolume(String),
    RevealInDocument(NodeId),
    /// Re-decode the open file (discarding pending edits).
    Reload,
}

/// Takes the row sources of a re-read document, keeping each table's filter and selection
/// (cached pages are dropped: they are fetched again from the file as it is now).
fn adopt_tables(open: &mut OpenDoc, doc: &Document) {
    let old_tables = std::mem::take(&mut open.tables);
    open.tables = doc.tables.iter().map(|t| RowsView::new(t.clone())).collect();
    for (new, old) in open.tables.iter_mut().zip(old_tables) {
        new.filter = old.filter;
        new.selected = old.selected;
    }
}

/// Results of background jobs.
pub enum Outcome {
    Scanned {
        path: PathBuf,
        result: Result<Volume, String>,
    },
    Decoded {
        path: PathBuf,
        generation: u64,
        result: Result<(Arc<Document>, Vec<NodeId>, EditSession), String>,
    },
    Saved {
        path: PathBuf,
        session: Box<EditSession>,
        result: Result<(Arc<Document>, PathBuf), String>,
    },
    Count {
        generation: u64,
        table: usize,
        filter: RowFilter,
        result: Result<u64, String>,
    },
    Page {
        generation: u64,
        table: usize,
        filter: RowFilter,
        page: u64,
        result: Result<Vec<Row>, String>,
    },
    PickedFolder(Option<PathBuf>),
    Found {
        query: String,
        hits: Vec<super::search::Hit>,
    },
}

/// Which part of the open document the centre shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocTab {
    Tree,
    Table(usize),
}

/// The decoded file in the centre panel.
pub struct OpenDoc {
    pub path: PathBuf,
    pub kind: EntryKind,
    pub doc: Option<Arc<Document>>,
    pub error: Option<String>,
    pub loading: bool,
    pub generation: u64,
    pub view: TreeView,
    pub tab: DocTab,
    pub tables: Vec<RowsView>,
    /// Pending edits of this file (None while decoding or saving).
    pub session: Option<EditSession>,
    /// The leaf being edited inline and its text.
    pub inline: Option<(NodeId, String)>,
    /// The file changed on disk while edits are pending: not reloaded, the user decides.
    pub changed_on_disk: bool,
}

pub struct App {
    pub settings: Settings,
    pub volume_path: PathBuf,
    pub volume: Option<Volume>,
    pub volume_error: Option<String>,
    pub last_refresh: Option<SystemTime>,
    /// Accounts/regions found inside decoded files (a store.state holds many).
    pub inner_scopes: HashMap<PathBuf, Vec<Scope>>,
    /// Files that failed to decode, with the reason (marked in the volume tree).
    pub decode_errors: HashMap<PathBuf, String>,
    pub open: Option<OpenDoc>,
    pub jobs: Jobs<Outcome>,
    pub commands: Vec<Command>,
    pub open_dialog: OpenDialog,
    pub volume_tree: super::volume_panel::VolumeTreeState,
    pub edit_ui: super::editing::EditUi,
    pub search: super::search::SearchState,
    pub replay: super::replay_panel::ReplayPanel,
    pub health: super::health_panel::HealthPanel,
    /// Errors and notices, newest last; the status bar shows the last one.
    pub messages: Vec<String>,
    watcher: Option<VolumeWatcher>,
    next_generation: u64,
    ctx: Option<egui::Context>,
}

#[derive(Default)]
pub struct OpenDialog {
    pub visible: bool,
    pub typed_path: String,
    pub picking: bool,
}

impl App {
    /// A new app showing `path`; `ctx` is used to wake the UI from background threads
    /// (`None` in tests that step frames themselves).
    pub fn new(
        path: PathBuf,
        settings: Settings,
        endpoint: Option<String>,
        ctx: Option<egui::Context>,
    ) -> Self {
        let endpoint = endpoint.or_else(|| settings.endpoint.clone());
        let mut app = App {
            settings,
            volume_path: path.clone(),
            volume: None,
            volume_error: None,
            last_refresh: None,
            inner_scopes: HashMap::new(),
            decode_errors: HashMap::new(),
            open: None,
            jobs: Jobs::new(ctx.clone()),
            commands: Vec::new(),
            open_dialog: OpenDialog::default(),
            volume_tree: Default::default(),
            edit_ui: Default::default(),
            search: Default::default(),
            replay: super::replay_panel::ReplayPanel::new(ctx.clone()),
            health: super::health_panel::HealthPanel::new(endpoint, ctx.clone()),
            messages: Vec::new(),
            watcher: None,
            next_generation: 0,
            ctx,
        };
        app.apply(Command::OpenVolume(path));
        app
    }

    /// Applies queued commands (end of frame).
    pub fn apply_pending(&mut self) {
        for cmd in std::mem::take(&mut self.commands) {
            self.apply(cmd);
        }
    }

    pub fn apply(&mut self, cmd: Command) {
        match cmd {
            Command::Reload => {
                if let Some(o) = &self.open {
                    let (p, k) = (o.path.clone(), o.kind);
                    self.open_file(p, k, true);
                }
            }
            Command::OpenVolume(path) => self.open_volume(path),
            Command::OpenFile(path, kind) => self.open_file(path, kind, false),
            Command::Rescan => self.rescan(),
            Command::PickFolder => self.pick_folder(),
            Command::ShowOpenDialog(v) => self.open_dialog.visible = v,
            Command::Rows(table, req) => self.fetch_rows(table, req),
            Command::SearchVolume(q) => self.search_volume(q),
            Command::RevealInDocument(id) => {
                if let Some(open) = &mut self.open
                    && let Some(doc) = &open.doc
                {
                    open.tab = DocTab::Tree;
                    open.view.reveal(&doc.tree, id);
                }
            }
        }
    }

    fn open_volume(&mut self, path: PathBuf) {
        self.volume_path = path.clone();
        self.volume = None;
        self.volume_error = None;
        self.open = None;
        self.inner_scopes.clear();
        self.decode_errors.clear();
        self.settings.recent.retain(|p| p != &path);
        self.settings.recent.insert(0, path.clone());
        self.settings.recent.truncate(MAX_RECENT);
        self.settings.last_volume = Some(path.clone());
        let ctx = self.ctx.clone();
        self.watcher = VolumeWatcher::new(&path, move || {
            if let Some(c) = &ctx {
                c.request_repaint();
            }
        })
        .map_err(|e| self.messages.push(format!("live watch unavailable: {e}")))
        .ok();
        self.replay.clear();
        self.rescan();
    }

    fn rescan(&mut self) {
        let path = self.volume_path.clone();
        self.jobs.spawn(format!("scanning {}", path.display()), move |_| {
            let result = volume::scan(&path).map_err(|e| e.to_string());
            Outcome::Scanned { path, result }
        });
    }

    fn pick_folder(&mut self) {
        if self.open_dialog.picking {
            return;
        }
        self.open_dialog.picking = true;
        // rfd blocks until the dialog closes and returns None without a portal or zenity:
        // run it off the UI thread; the typed-path field stays usable meanwhile.
        self.jobs.spawn("folder dialog", |_| {
            Outcome::PickedFolder(rfd::FileDialog::new().pick_folder())
        });
    }

    /// Decodes a file in the background; `reload` keeps expansion/selection and highlights
    /// what changed.
    fn open_file(&mut self, path: PathBuf, kind: EntryKind, reload: bool) {
        self.next_generation += 1;
        let generation = self.next_generation;
        let previous = match (&self.open, reload) {
            (Some(o), true) if o.path == path => o.doc.clone(),
            _ => None,
        };
        if !reload || self.open.as_ref().is_none_or(|o| o.path != path) {
            self.open = Some(OpenDoc {
                path: path.clone(),
                kind,
                doc: None,
                error: None,
                loading: true,
                generation,
                view: TreeView::new(),
                tab: DocTab::Tree,
                tables: Vec::new(),
                session: None,
                inline: None,
                changed_on_disk: false,
            });
        } else if let Some(o) = &mut self.open {
            o.generation = generation;
            o.loading = true;
        }
        let name = format!(
            "decoding {}",
            path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        );
        self.jobs.spawn(name, move |_| {
            // The session fingerprints exactly the bytes that were decoded (conflict checks).
            let result = EditSession::open(&path, kind).map_err(|e| format!("{e:#}")).map(
                |(session, mut doc)| {
                    let changed =
                        previous.map(|old| doc.tree.changes_from(&old.tree)).unwrap_or_default();
                    (Arc::new(doc), changed, session)
                },
            );
            Outcome::Decoded { path, generation, result }
        });
    }

    fn fetch_rows(&mut self, table: usize, req: RowsRequest) {
        let Some(open) = &self.open else { return };
        let Some(view) = open.tables.get(table) else { return };
        let source = view.source.clone();
        let generation = open.generation;
        match req {
            RowsRequest::Count(filter) => {
                self.jobs.spawn(format!("counting {}", source.name()), move |_| {
                    let result = source.count(&filter).map_err(|e| format!("{e:#}"));
                    Outcome::Count { generation, table, filter, result }
                });
            }
            RowsRequest::Page(filter, page) => {
                self.jobs.spawn(
                    format!("reading {} page {}", source.name(), page + 1),
                    move |_| {
                        let result = source
                            .page(&filter, page * PAGE_SIZE as u64, PAGE_SIZE)
                            .map_err(|e| format!("{e:#}"));
                        Outcome::Page { generation, table, filter, page, result }
                    },
                );
            }
        }
    }

    fn search_volume(&mut self, query: String) {
        let Some(vol) = &self.volume else { return };
        let files: Vec<(PathBuf, EntryKind)> = vol
            .entries()
            .filter(|e| e.kind.decodable())
            .map(|e| (e.path.clone(), e.kind))
            .collect();
        self.search.volume_running = true;
        self.jobs.spawn(format!("searching for “{query}”"), move |progress| {
            let hits = super::search::search_files(&files, &query, progress);
            Outcome::Found { query, hits }
        });
    }

    /// Applies finished jobs and file-system changes (start of frame).
    pub fn absorb(&mut self) {
        if let Some(changes) = self.watcher.as_mut().and_then(VolumeWatcher::changes) {
            self.on_files_changed(&changes);
        }
        for outcome in self.jobs.poll() {
            match outcome {
                Outcome::Scanned { path, result } if path == self.volume_path => {
                    self.on_scanned(result)
                }
                Outcome::Scanned { .. } => {}
                Outcome::Decoded { path, generation, result } => {
                    self.on_decoded(path, generation, result)
                }
                Outcome::Count { generation, table, filter, result } => {
                    if let Some(v) = self.table_of(generation, table) {
                        v.set_count(&filter, result);
                    }
                }
                Outcome::Page { generation, table, filter, page, result } => {
                    if let Some(v) = self.table_of(generation, table) {
                        v.set_page(&filter, page, result);
                    }
                }
                Outcome::PickedFolder(picked) => {
                    self.open_dialog.picking = false;
                    match picked {
                        Some(p) => {
                            self.open_dialog.visible = false;
                            self.apply(Command::OpenVolume(p));
                        }
                        None => self.messages.push(
                            "no folder picked (or no native dialog here): type a path instead"
                                .into(),
                        ),
                    }
                }
                Outcome::Saved { path, session, result } => self.on_saved(path, *session, result),
                Outcome::Found { query, hits } => {
                    self.search.volume_running = false;
                    self.search.volume_hits = Some((query, hits));
                }
            }
        }
        self.health.absorb();
        self.replay.absorb();
    }

    fn table_of(&mut self, generation: u64, table: usize) -> Option<&mut RowsView> {
        self.open.as_mut().filter(|o| o.generation == generation)?.tables.get_mut(table)
    }

    fn on_scanned(&mut self, result: Result<Volume, String>) {
        self.last_refresh = Some(SystemTime::now());
        match result {
            Ok(vol) => {
                // The open file vanished: say so, keep the last decoded content visible.
                if let Some(open) = &mut self.open
                    && !vol.entries().any(|e| e.path == open.path)
                {
                    open.error = Some("this file was deleted from the volume".into());
                }
                if let Some(replay_log) = vol.entries().find(|e| e.kind == EntryKind::REPLAY_LOG) {
                    self.replay.ensure_loaded(&replay_log.path);
                }
                // `localstate FILE`: the file is the whole volume, so open it right away.
                let lone = if self.open.is_none() && self.volume_path.is_file() {
                    vol.entries().find(|e| e.kind.decodable())
                } else {
                    None
                };
                if let Some(e) = lone {
                    self.commands.push(Command::OpenFile(e.path.clone(), e.kind));
                }
                self.volume = Some(vol);
                self.volume_error = None;
            }
            Err(e) => {
                self.volume = None;
                self.volume_error = Some(e);
            }
        }
        if let Some(w) = &mut self.watcher {
            w.ensure_watching();
        }
    }

    fn on_saved(
        &mut self,
        path: PathBuf,
        session: EditSession,
        result: Result<(Arc<Document>, PathBuf), String>,
    ) {
        self.edit_ui.saving = false;
        let Some(open) = self.open.as_mut().filter(|o| o.path == path) else { return };
        open.session = Some(session);
        match result {
            Ok((mut doc, backup)) => {
                self.edit_ui.confirm_save = false;
                self.edit_ui.force = false;
                self.edit_ui.save_error = None;
                if let Some(old) = &open.doc {
                    let tree = &mut Arc::make_mut(&mut doc).tree;
                    let changed = tree.changes_from(&old.tree);
                    open.view = open.view.carried_over(&old.tree, tree, changed);
                }
                adopt_tables(open, &doc);
                open.doc = Some(doc);
                open.changed_on_disk = false;
                self.messages.push(format!(
                    "saved {} (original kept in {})",
                    path.display(),
                    backup.display()
                ));
            }
            Err(e) => self.edit_ui.save_error = Some(e),
        }
    }

    fn on_decoded(
        &mut self,
        path: PathBuf,
        generation: u64,
        result: Result<(Arc<Document>, Vec<NodeId>, EditSession), String>,
    ) {
        match &result {
            Ok((doc, _, _)) => {
                self.decode_errors.remove(&path);
                self.inner_scopes.insert(path.clone(), doc.scopes.clone());
            }
            Err(e) => {
                self.decode_errors.insert(path.clone(), e.clone());
            }
        }
        let Some(open) =
            self.open.as_mut().filter(|o| o.path == path && o.generation == generation)
        else {
            return;
        };
        open.loading = false;
        match result {
            Ok((mut doc, changed, session)) => {
                open.session = Some(session);
                open.inline = None;
                open.changed_on_disk = false;
                if let Some(old) = &open.doc {
                    open.view = open.view.carried_over(
                        &old.tree,
                        &mut Arc::make_mut(&mut doc).tree,
                        changed,
                    );
                    adopt_tables(open, &doc);
                } else {
                    open.view = TreeView::with_initial_expansion(&doc.tree, 2);
                    open.tables = doc.tables.iter().map(|t| RowsView::new(t.clone())).collect();
                    if doc.tree.node(0).children.is_empty() && !open.tables.is_empty() {
                        open.tab = DocTab::Table(0);
                    }
                }
                open.error = None;
                open.doc = Some(doc);
            }
            Err(e) => open.error = Some(e),
        }
    }

    fn on_files_changed(&mut self, changes: &[PathBuf]) {
        self.rescan();
        if let Some(open) = &self.open {
            let (path, kind) = (open.path.clone(), open.kind);
            // SQLite writes touch `-wal` / `-journal` siblings: treat those as the db changing.
            let touches = |p: &Path| {
                p == path
                    || p.to_string_lossy()
                        .strip_prefix(&*path.to_string_lossy())
                        .is_some_and(|rest| rest.starts_with('-'))
            };
            if changes.iter().any(|p| touches(p)) && path.exists() && !self.edit_ui.saving {
                let pending = open.session.as_ref().map_or(0, |s| s.pending_count());
                if pending > 0 {
                    // Never drop the user's edits silently: say so and let them choose.
                    if let Some(o) = &mut self.open {
                        o.changed_on_disk = true;
                    }
                } else {
                    self.open_file(path, kind, true);
                }
            }
        }
        if let Some(log) = self.replay.path().map(Path::to_path_buf)
            && changes.contains(&log)
        {
            self.replay.clear();
        }
    }

    /// Accounts/regions found inside a decoded file, for the volume tree.
    pub fn scopes_of(&self, path: &Path) -> Option<&[Scope]> {
        self.inner_scopes.get(path).map(Vec::as_slice)
    }

    /// Whether something is running that the status bar should show.
    pub fn busy(&self) -> bool {
        self.jobs.is_busy() || self.replay.is_busy()
    }

    /// Draws the whole window: menu, status bar, panels. Used by eframe and by kittest.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.absorb();
        self.handle_dropped_files(ui);
        egui::Panel::top("menu").show(ui, |ui| super::menu::show(ui, self));
        egui::Panel::bottom("status").show(ui, |ui| super::status_bar::show(ui, self));
        egui::Panel::left("volume")
            .resizable(true)
            .default_size(360.0)
            .show(ui, |ui| super::volume_panel::show(ui, self));
        if self.settings.show_health {
            egui::Panel::right("health").resizable(true).default_size(300.0).min_size(200.0).show(
                ui,
                |ui| {
                    ui.set_min_size(ui.available_size());
                    super::health_panel::show(ui, self)
                },
            );
        }
        if self.settings.show_replay {
            egui::Panel::bottom("replay").resizable(true).default_size(340.0).min_size(160.0).show(
                ui,
                |ui| {
                    // Panels shrink to their content: keep the size the user (or the default) gave.
                    ui.set_min_size(ui.available_size());
                    super::replay_panel::show(ui, self)
                },
            );
        }
        super::editing::shortcuts(ui, self);
        egui::CentralPanel::default().show(ui, |ui| super::document_panel::show(ui, self));
        super::open_dialog::show(ui, self);
        super::editing::confirm_window(ui, self);
        super::editing::close_guard(ui, self);
        self.apply_pending();
    }

    fn handle_dropped_files(&mut self, ui: &egui::Ui) {
        let dropped: Vec<PathBuf> =
            ui.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        if let Some(p) = dropped.into_iter().next() {
            self.commands.push(Command::OpenVolume(p));
        }
    }
}
