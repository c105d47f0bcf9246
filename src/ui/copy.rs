//! Ctrl+C on a selected row, in every table and tree: the widget the user last clicked a row
//! of copies its selected row. Widgets [`claim`] the copy target when a row is clicked and ask
//! [`requested`] each frame; the Edit menu's "Copy row" ([`request_next_frame`]) does the same
//! as the keys.

use egui::{Context, Event, Id, Key};

fn target_id() -> Id {
    Id::unique("localstate-copy-target")
}

fn menu_request_id() -> Id {
    Id::unique("localstate-copy-requested")
}

/// Makes the widget `key` the one Ctrl+C copies from (a row of it was clicked).
pub fn claim(ctx: &Context, key: &str) {
    ctx.data_mut(|d| d.insert_temp(target_id(), Id::unique(key)));
}

/// Whether the widget `key` copies its selected row this frame: Ctrl+C (or the menu) while no
/// text field has the keyboard, and `key` is the last widget clicked — or, before any was,
/// when `fallback` (the open document's tree or table).
pub fn requested(ctx: &Context, key: &str, fallback: bool) -> bool {
    if !pressed(ctx) {
        return false;
    }
    match ctx.data(|d| d.get_temp::<Id>(target_id())) {
        Some(target) => target == Id::unique(key),
        None => fallback,
    }
}

/// The menu's "Copy row": the widgets copy in the next frame, when they are drawn.
pub fn request_next_frame(ctx: &Context) {
    let next = ctx.cumulative_pass_nr() + 1;
    ctx.data_mut(|d| d.insert_temp(menu_request_id(), next));
    ctx.request_repaint();
}

fn pressed(ctx: &Context) -> bool {
    if ctx.text_edit_focused() {
        return false;
    }
    let from_menu =
        ctx.data(|d| d.get_temp::<u64>(menu_request_id())) == Some(ctx.cumulative_pass_nr());
    // egui-winit turns Ctrl+C into `Event::Copy` (and a key event); accept either.
    from_menu
        || ctx.input(|i| {
            i.events.iter().any(|e| match e {
                Event::Copy => true,
                Event::Key { key: Key::C, pressed: true, modifiers, .. } => {
                    modifiers.command && !modifiers.alt
                }
                _ => false,
            })
        })
}
