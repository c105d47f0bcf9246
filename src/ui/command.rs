//! Everything a user can invoke: [`UICommand`] (no data; owns its label, tooltip and keyboard
//! shortcut, read by menus, toolbars and the one shortcut handler) and [`Command`] (requests
//! carrying data, sent by panels through a [`CommandSender`] and applied by `App::apply` at
//! the end of the frame).

use std::cell::RefCell;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::app::Message;
use super::rows_table::RowsRequest;
use localstate_core::model::NodeId;
use localstate_core::volume::EntryKind;

/// A command without data, as in rerun's `UICommand`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UICommand {
    OpenFolder,
    OpenFile,
    OpenPath,
    OpenSample,
    Rescan,
    CloseFile,
    Quit,
    Reload,
    Undo,
    Redo,
    Revert,
    Save,
    Copy,
    Find,
    ToggleReplay,
    ToggleAudit,
    ToggleHealth,
    ToggleMessages,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Shortcuts,
    About,
    /// Closes the search bar and the dialogs (Esc).
    CloseOverlays,
}

impl UICommand {
    /// Every command, in menu order.
    pub const ALL: [UICommand; 24] = [
        UICommand::OpenFolder,
        UICommand::OpenFile,
        UICommand::OpenPath,
        UICommand::OpenSample,
        UICommand::Rescan,
        UICommand::CloseFile,
        UICommand::Quit,
        UICommand::Reload,
        UICommand::Undo,
        UICommand::Redo,
        UICommand::Revert,
        UICommand::Save,
        UICommand::Copy,
        UICommand::Find,
        UICommand::ToggleReplay,
        UICommand::ToggleAudit,
        UICommand::ToggleHealth,
        UICommand::ToggleMessages,
        UICommand::ZoomIn,
        UICommand::ZoomOut,
        UICommand::ZoomReset,
        UICommand::Shortcuts,
        UICommand::About,
        UICommand::CloseOverlays,
    ];

    pub fn iter() -> impl Iterator<Item = UICommand> {
        Self::ALL.into_iter()
    }

    /// The label of menu entries and buttons, and a tooltip.
    pub fn text_and_tooltip(self) -> (&'static str, &'static str) {
        match self {
            UICommand::OpenFolder => ("Open folder…", "Pick a volume folder in the native dialog"),
            UICommand::OpenFile => {
                ("Open file…", "Pick one state file (pickle, JSON, SQLite…) in the native dialog")
            }
            UICommand::OpenPath => ("Open path…", "Type the path of a volume or file to open"),
            UICommand::OpenSample => ("Open sample volume", "Open the volume bundled with the app"),
            UICommand::Rescan => ("Rescan", "List the files of the volume again"),
            UICommand::CloseFile => {
                ("Close file", "Close the open file (asks first when edits are unsaved)")
            }
            UICommand::Quit => ("Quit", "Close the window (asks first when edits are unsaved)"),
            UICommand::Reload => {
                ("Reload (discard my edits)", "Decode the open file again, dropping pending edits")
            }
            UICommand::Undo => ("Undo", "Undo the last edit"),
            UICommand::Redo => ("Redo", "Redo the last undone edit"),
            UICommand::Revert => ("Revert", "Drop every pending edit of the open file"),
            UICommand::Save => ("Save…", "Review the pending edits and write them to the file"),
            UICommand::Copy => {
                ("Copy row", "Copy the selected row of the table or tree last clicked")
            }
            UICommand::Find => ("Find…", "Search the open document and the whole volume"),
            UICommand::ToggleReplay => {
                ("Replay log panel", "Show the calls of the record-and-replay log")
            }
            UICommand::ToggleAudit => (
                "Safety audit panel",
                "What the volume's pickles would import and call if Python loaded them",
            ),
            UICommand::ToggleHealth => {
                ("Emulator health panel", "Show what the running LocalStack reports")
            }
            UICommand::ToggleMessages => ("Messages", "Every notice and error of this session"),
            UICommand::ZoomIn => ("Zoom in", "Make everything larger"),
            UICommand::ZoomOut => ("Zoom out", "Make everything smaller"),
            UICommand::ZoomReset => ("Reset zoom", "Back to the normal size"),
            UICommand::Shortcuts => ("Keyboard shortcuts", "List every command and its shortcut"),
            UICommand::About => ("About localstate", "Version, license and what this is"),
            UICommand::CloseOverlays => {
                ("Close search or dialog", "Close the search bar and dialogs")
            }
        }
    }

    pub fn text(self) -> &'static str {
        self.text_and_tooltip().0
    }

    pub fn tooltip(self) -> &'static str {
        self.text_and_tooltip().1
    }

    /// The shorter label of toggles shown in the menu bar itself.
    pub fn short_text(self) -> &'static str {
        match self {
            UICommand::ToggleReplay => "Replay log",
            UICommand::ToggleHealth => "Health",
            other => other.text(),
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let plain = |key| Some(KeyboardShortcut::new(Modifiers::NONE, key));
        match self {
            UICommand::OpenFolder => cmd(Key::O),
            UICommand::OpenFile => {
                Some(KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::O))
            }
            UICommand::Rescan => plain(Key::F5),
            UICommand::CloseFile => cmd(Key::W),
            UICommand::Quit => cmd(Key::Q),
            UICommand::Copy => cmd(Key::C),
            UICommand::ZoomIn => cmd(Key::Equals),
            UICommand::ZoomOut => cmd(Key::Minus),
            UICommand::ZoomReset => cmd(Key::Num0),
            UICommand::Shortcuts => plain(Key::F1),
            UICommand::CloseOverlays => plain(Key::Escape),
            UICommand::Save => cmd(Key::S),
            UICommand::Undo => cmd(Key::Z),
            UICommand::Redo => {
                Some(KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z))
            }
            UICommand::Find => cmd(Key::F),
            _ => None,
        }
    }

    /// The tooltip with the shortcut, for buttons outside menus.
    pub fn tooltip_with_shortcut(self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(s) => format!("{} ({})", self.tooltip(), ctx.format_shortcut(&s)),
            None => self.tooltip().to_string(),
        }
    }

    /// A menu entry showing the label and the shortcut; sends the command when clicked.
    pub fn menu_button(self, ui: &mut egui::Ui, tx: &CommandSender) -> egui::Response {
        let mut button = egui::Button::new(self.text());
        if let Some(s) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        let r = ui.add(button).on_hover_text(self.tooltip());
        if r.clicked() {
            tx.send(Command::Ui(self));
            ui.close();
        }
        r
    }

    /// A toolbar button labelled `text` (the command's own label unless given), enabled when
    /// `enabled`; its tooltip names the shortcut.
    pub fn button(self, ui: &mut egui::Ui, tx: &CommandSender, enabled: bool) -> egui::Response {
        let r = ui
            .add_enabled(enabled, egui::Button::new(self.text()))
            .on_hover_text(self.tooltip_with_shortcut(ui.ctx()));
        if r.clicked() {
            tx.send(Command::Ui(self));
        }
        r
    }

    /// The one shortcut handler: consumes the shortcuts pressed this frame, the more specific
    /// ones first (`consume_shortcut` ignores an extra Shift).
    ///
    /// Copy is left to the tables and trees (they know their selected row, see
    /// `ui::copy`); Esc is left to a focused text field (it gives up focus, and the
    /// inline editor cancels).
    pub fn pressed(ctx: &egui::Context) -> Vec<UICommand> {
        let typing = ctx.text_edit_focused();
        let mut with_keys: Vec<(UICommand, KeyboardShortcut)> = Self::iter()
            .filter(|c| *c != UICommand::Copy && !(typing && *c == UICommand::CloseOverlays))
            .filter_map(|c| c.shortcut().map(|s| (c, s)))
            .collect();
        with_keys.sort_by_key(|(_, s)| std::cmp::Reverse(modifier_count(s.modifiers)));
        ctx.input_mut(|i| {
            with_keys.into_iter().filter(|(_, s)| i.consume_shortcut(s)).map(|(c, _)| c).collect()
        })
    }
}

fn modifier_count(m: Modifiers) -> u8 {
    [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command].iter().map(|b| u8::from(*b)).sum()
}

/// Requests with data (rerun's `SystemCommand`), and every [`UICommand`].
#[derive(Debug, Clone)]
pub enum Command {
    Ui(UICommand),
    OpenVolume(PathBuf),
    OpenFile(PathBuf, EntryKind),
    /// Opens a file and reveals the node at a JSON pointer once it is decoded (a volume
    /// search hit); `table`/`row` name a match inside a table row, found by searching `text`
    /// (the table is filtered by it and the row selected).
    OpenFileAt {
        path: PathBuf,
        kind: EntryKind,
        pointer: String,
        table: Option<String>,
        row: Option<i64>,
        text: String,
    },
    PickFolder,
    ShowOpenDialog(bool),
    /// Show the health panel (the status dot was clicked).
    ShowHealth,
    Rows(usize, RowsRequest),
    SearchVolume(String),
    RevealInDocument(NodeId),
    SetEndpoint(String),
    SelectReplayCall(usize),
    Edit(EditCommand),
    Notify(Message),
    ClearMessages,
    /// Close the shortcut overlay and the About window.
    HideHelp,
    /// The answer to the offer of the last session's unsaved edits: restore them or not.
    RestoreEdits(bool),
    SetTheme(super::app::ThemeChoice),
    /// Show or hide View → Settings….
    ShowSettings(bool),
    /// Use this Avro schema folder (`None`: none) and remember it.
    SetAvroSchemas(Option<std::path::PathBuf>),
    /// Pick the Avro schema folder with the native dialog (off the UI thread).
    PickAvroSchemas,
    /// Browse by files or resources, select a kind or a resource.
    Browse(super::browse::BrowseCommand),
}

/// Editing requests: inline edits of the tree and of a table row's detail, the save
/// confirmation and the unsaved-changes guard.
#[derive(Debug, Clone, PartialEq)]
pub enum EditCommand {
    /// Start editing leaf `0` of the document tree inline.
    Begin(NodeId),
    /// The inline editor of the tree closed: stage the typed value when `true`.
    Finish(bool),
    /// Start editing leaf `node` of the selected row's detail in table `table`.
    BeginRow {
        table: usize,
        node: NodeId,
    },
    FinishRow {
        table: usize,
        submitted: bool,
    },
    ConfirmSave,
    CancelSave,
    SaveOptions {
        force: bool,
        allow_shared: bool,
    },
    /// The window was asked to close with edits pending.
    AskQuit,
    /// The guard's "Save changes…": confirm the save, then run the action that waited.
    SaveFirst,
    /// The guard's "Discard": drop the edits and run the action that waited.
    Discard,
    /// The guard's "Cancel": keep the edits, forget the action.
    KeepEditing,
    /// A value typed in the Resources view: staged in the session of its file (opened first
    /// if it is not the open one).
    StageAt(StageAt),
}

/// A value typed for the leaf at `pointer` of file `path`, to stage as an edit.
#[derive(Debug, Clone, PartialEq)]
pub struct StageAt {
    pub path: PathBuf,
    pub kind: EntryKind,
    /// RFC 6901 pointer of the leaf in the file's tree.
    pub pointer: String,
    /// The new value as typed (parsed as the leaf's type when staged).
    pub text: String,
}

/// Where panels send commands; `App::apply` applies them at the end of the frame.
#[derive(Default)]
pub struct CommandSender(RefCell<Vec<Command>>);

impl CommandSender {
    pub fn send(&self, cmd: Command) {
        self.0.borrow_mut().push(cmd);
    }

    pub fn take(&self) -> Vec<Command> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}
