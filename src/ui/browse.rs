//! What the user browses by: files (the volume tree) or resources (service → kind →
//! resource, from the volume's inventory), and the inventory itself — every file decoded in
//! a background job when a volume opens, with the overview made from it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use localstate_core::volume::Volume;
use localstate_core::volume::inventory::Inventory;
use localstate_core::volume::overview::Overview;

/// Which tree the left panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Service → account → region → file.
    #[default]
    Files,
    /// Service → kind → resource.
    Resources,
}

/// A kind of resource of one service (`sqs` / `queue`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindRef {
    pub service: String,
    pub kind: String,
}

/// Requests about browsing, sent by panels.
#[derive(Clone, Debug, PartialEq)]
pub enum BrowseCommand {
    /// Show the files tree or the resources tree.
    Mode(Mode),
    /// Show the resources of one kind (and none selected).
    Kind(KindRef),
    /// Select a resource (an index into the inventory's resources).
    Resource(usize),
    /// Back to the overview.
    Overview,
}

/// The inventory of the open volume and what is selected in it.
#[derive(Default)]
pub struct Browse {
    pub mode: Mode,
    /// The volume the inventory is for.
    pub volume: Option<PathBuf>,
    /// Decoded files and their resources (`None` while the job runs).
    pub inventory: Option<Arc<Mutex<Inventory>>>,
    pub overview: Option<Arc<Overview>>,
    /// Counts up with every new inventory (views drop their cached pages when it changes).
    pub generation: u64,
    pub building: bool,
    pub kind: Option<KindRef>,
    pub resource: Option<usize>,
}

impl Browse {
    /// A new inventory job started for `volume`.
    pub fn building(&mut self, volume: &Path) {
        if self.volume.as_deref() != Some(volume) {
            self.kind = None;
            self.resource = None;
        }
        self.volume = Some(volume.to_path_buf());
        self.building = true;
    }

    /// The job's result (ignored when another volume is open meanwhile). A resource
    /// selection survives when the same resource is still there.
    pub fn built(&mut self, volume: &Path, inventory: Inventory, overview: Overview) {
        if self.volume.as_deref() != Some(volume) {
            return;
        }
        let selected = self.resource.and_then(|i| self.key_of(i));
        self.resource = selected.and_then(|key| {
            inventory.resources.iter().position(|l| resource_key(&l.resource) == key)
        });
        self.inventory = Some(Arc::new(Mutex::new(inventory)));
        self.overview = Some(Arc::new(overview));
        self.generation += 1;
        self.building = false;
    }

    fn key_of(&self, i: usize) -> Option<String> {
        let inv = self.lock()?;
        inv.resources.get(i).map(|l| resource_key(&l.resource))
    }

    /// The inventory, locked (`None` while it is built or when a panic poisoned it).
    pub fn lock(&self) -> Option<MutexGuard<'_, Inventory>> {
        self.inventory.as_ref().and_then(|m| m.lock().ok())
    }

    /// Applies a browsing request.
    pub fn apply(&mut self, cmd: BrowseCommand) {
        match cmd {
            BrowseCommand::Mode(m) => self.mode = m,
            BrowseCommand::Kind(k) => {
                self.mode = Mode::Resources;
                self.kind = Some(k);
                self.resource = None;
            }
            BrowseCommand::Resource(i) => {
                self.mode = Mode::Resources;
                let r = self.lock().and_then(|inv| {
                    inv.resources.get(i).map(|l| KindRef {
                        service: l.resource.service.clone(),
                        kind: l.resource.kind.clone(),
                    })
                });
                if let Some(k) = r {
                    self.kind = Some(k);
                    self.resource = Some(i);
                }
            }
            BrowseCommand::Overview => {
                self.kind = None;
                self.resource = None;
            }
        }
    }
}

/// What identifies a resource across inventories of the same volume.
fn resource_key(r: &localstate_core::model::Resource) -> String {
    format!("{}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{}", r.service, r.kind, r.account, r.region, r.name)
}

/// Builds the inventory and overview of `volume` (for the job), reporting files done.
pub fn build(vol: &Volume, progress: &super::jobs::Progress) -> (Inventory, Overview) {
    let mut inventory =
        Inventory::build(vol, &mut |done, total, _| progress.set(done as u64, total as u64));
    let overview = Overview::of(vol, &mut inventory);
    (inventory, overview)
}
