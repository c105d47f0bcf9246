//! Panels: the [`Panel`] trait, the read-only [`ViewContext`] panels draw from, and the one
//! list of panels ([`all`]). Adding a panel = one file implementing [`Panel`] + one line in
//! [`all`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::app::{DocTab, JobKey, LiveState, Message, OpenDialog, Outcome, Overlays, Settings};
use super::command::{CommandSender, UICommand};
use super::editing::EditUi;
use super::jobs::RunningJob;
use super::replay_panel::ReplayState;
use super::rows_table::RowsView;
use super::tree_table::TreeView;
use localstate_core::edit::EditSession;
use localstate_core::model::{Document, NodeId, Scope};
use localstate_core::volume::{EntryKind, Volume};

/// Where a panel is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dock {
    Top,
    /// Bottom bar; resizable panels give a default and a minimum height.
    Bottom(Option<(f32, f32)>),
    /// Left side, resizable, with a default width.
    Left(f32),
    /// Right side, resizable, with a default and a minimum width.
    Right(f32, f32),
    /// What is left in the middle.
    Center,
    /// The panel opens its own `egui::Window`s.
    Window,
}

pub trait Panel {
    /// The egui id of the panel (unique).
    fn id(&self) -> &'static str;
    fn dock(&self) -> Dock;
    /// Whether to draw it this frame.
    fn visible(&self, _ctx: &ViewContext<'_>) -> bool {
        true
    }
    /// Draws the panel: app state is read from `ctx`, changes outside the panel's own state
    /// are sent as commands.
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender);
    /// Sees every job result before the app applies it (for results the panel owns).
    fn absorb(&mut self, _key: &JobKey, _result: &Result<Outcome, String>) {}
    /// Sees every UI command when it is applied (for commands acting on panel state).
    fn on_command(&mut self, _cmd: UICommand) {}
}

/// Every panel, in drawing order within its dock kind (bars and sides, then the centre, then
/// windows).
pub fn all(endpoint: &str) -> Vec<Box<dyn Panel>> {
    vec![
        Box::new(super::menu::MenuBar),
        Box::new(super::status_bar::StatusBar),
        Box::new(super::volume_panel::VolumePanel::default()),
        Box::new(super::health_panel::HealthPanel::new(endpoint)),
        Box::new(super::replay_panel::ReplayPanel::default()),
        Box::new(super::audit_panel::AuditPanel::default()),
        Box::new(super::document_panel::DocumentPanel::default()),
        Box::new(super::open_dialog::OpenDialogWindow::default()),
        Box::new(super::settings_window::SettingsWindow::default()),
        Box::new(super::editing::EditWindows),
        Box::new(super::autosave::RestoreOffer),
        Box::new(super::help::HelpWindows),
        Box::new(super::notifications::Notifications::default()),
    ]
}

/// The open document as panels read it.
pub struct DocState<'a> {
    pub path: &'a Path,
    pub kind: EntryKind,
    pub doc: Option<&'a Arc<Document>>,
    pub error: Option<&'a str>,
    pub loading: bool,
    pub session: Option<&'a EditSession>,
    pub changed_on_disk: bool,
}

impl DocState<'_> {
    pub fn pending(&self) -> usize {
        self.session.map_or(0, EditSession::pending_count)
    }
}

/// The view state of the open document: the document panel's own state, kept with the
/// document so a reload can carry it over. Lent to the panel that draws the document.
pub struct DocView<'a> {
    pub tab: &'a mut DocTab,
    pub view: &'a mut TreeView,
    pub tables: &'a mut Vec<RowsView>,
    pub inline: &'a mut Option<(NodeId, String)>,
}

/// Read-only app state for panels.
pub struct ViewContext<'a> {
    pub settings: &'a Settings,
    pub volume_path: &'a Path,
    pub volume: Option<&'a Volume>,
    pub volume_error: Option<&'a str>,
    pub last_refresh: Option<SystemTime>,
    pub inner_scopes: &'a HashMap<PathBuf, Vec<Scope>>,
    pub decode_errors: &'a HashMap<PathBuf, String>,
    pub doc: Option<DocState<'a>>,
    pub jobs: Vec<&'a RunningJob<JobKey>>,
    pub open_dialog: &'a OpenDialog,
    pub edit: &'a EditUi,
    pub replay: &'a ReplayState,
    pub audit: &'a super::audit_panel::AuditState,
    pub browse: &'a super::browse::Browse,
    pub live: &'a LiveState,
    pub messages: &'a [Message],
    pub overlays: &'a Overlays,
    /// Unsaved edits of the last session, offered for restoring.
    pub restore_offer: Option<&'a localstate_core::edit::Journal>,
    pub(super) doc_view: RefCell<Option<DocView<'a>>>,
}

impl ViewContext<'_> {
    /// Pending edits of the open document.
    pub fn pending(&self) -> usize {
        self.doc.as_ref().map_or(0, DocState::pending)
    }

    /// Accounts/regions found inside a decoded file, for the volume tree.
    pub fn scopes_of(&self, path: &Path) -> Option<&[Scope]> {
        self.inner_scopes.get(path).map(Vec::as_slice)
    }

    /// Takes the open document's view state (once per frame, by the document panel).
    pub fn take_doc_view(&self) -> Option<DocView<'_>> {
        self.doc_view.borrow_mut().take()
    }
}
