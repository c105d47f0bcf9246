//! The inventory of a volume: every file decoded, every resource it holds, merged across
//! files — a DynamoDB table appears once, with its control plane from LocalStack's store and
//! its items from DynamoDB Local's database; a resource seen in two files keeps both as its
//! sources. Nested collections are counted here and listed a page at a time
//! ([`Inventory::page`]) from the document that holds them.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::Result;
use crate::kind::EntryKind;
use crate::model::{Collection, Document, Resource, Tree};
use crate::resources::catalog;

use super::assets::{Asset, Assets};
use super::decoding::{Decoded, decode_all};
use super::scan::{Entry, Volume};

/// One file of the volume and what decoding it gave.
pub struct FileState {
    /// The file's path relative to the volume, `/`-separated.
    pub rel: String,
    /// The file's full path.
    pub path: PathBuf,
    /// The service the volume's layout puts it under (`""` for files of no service).
    pub service: String,
    /// How it is decoded.
    pub kind: EntryKind,
    /// Its size on disk.
    pub size: u64,
    /// Its modification time (seconds since the epoch).
    pub mtime: Option<u64>,
    /// The decoded document (`None` when the file is not decodable or failed).
    pub doc: Option<Document>,
    /// Why decoding failed.
    pub error: Option<String>,
    /// How long decoding took, in milliseconds.
    pub decode_ms: u64,
}

/// A resource of the volume, with the files it was read from.
pub struct Located {
    /// The resource as its first file shows it (fields of the other files appended).
    pub resource: Resource,
    /// Index into [`Inventory::files`] of the file holding [`Located::resource`]'s node.
    pub file: usize,
    /// Its nested collections, each with the file whose document holds it.
    pub collections: Vec<(usize, Collection)>,
    /// Every file it was found in (the first is [`Located::file`]).
    pub sources: Vec<usize>,
}

impl Located {
    /// How many nested items of kind `kind` it has.
    pub fn count(&self, kind: &str) -> u64 {
        self.collections.iter().filter(|(_, c)| c.kind == kind).map(|(_, c)| c.count).sum()
    }

    /// Merges the same resource as another file shows it.
    fn merge(&mut self, file: usize, other: Resource) {
        for (name, value) in other.fields {
            if self.resource.field(&name).is_none() {
                self.resource.fields.push((name, value));
            }
        }
        self.resource.details.extend(other.details);
        if self.resource.arn.is_none() {
            self.resource.arn = other.arn;
        }
        self.collections.extend(other.collections.into_iter().map(|c| (file, c)));
        if !self.sources.contains(&file) {
            self.sources.push(file);
        }
    }
}

/// Every file and resource of a volume.
#[derive(Default)]
pub struct Inventory {
    /// The decodable files, in scan order.
    pub files: Vec<FileState>,
    /// Every top-level resource, in file order.
    pub resources: Vec<Located>,
    /// The bytes behind resources (S3 object bodies, Lambda code) in the volume's asset files.
    pub assets: Assets,
    /// Where each resource is in [`Inventory::resources`].
    index: HashMap<Key, usize>,
    /// Per nested collection listed (resource, collection), what its pages learnt of where
    /// the items' own collections are (so a page after the first does not look again).
    builders: HashMap<(usize, usize), catalog::Builder>,
}

/// Progress of [`Inventory::build`]: files done, files in all, the file last done.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize, &str);

impl Inventory {
    /// Decodes every decodable file of `volume` and gathers their resources, calling
    /// `progress` as they finish (they are decoded on every core, the largest first). A file
    /// that fails to decode is kept with its error.
    pub fn build(volume: &Volume, progress: Progress<'_>) -> Inventory {
        let entries: Vec<(String, &Entry)> = volume
            .services
            .iter()
            .flat_map(|s| s.all_entries().map(move |e| (s.name.clone(), e)))
            .chain(volume.other.iter().map(|e| (String::new(), e)))
            .filter(|(_, e)| e.kind.decodable())
            .collect();
        let total = entries.len();
        let mut inventory = Inventory { assets: Assets::of(volume), ..Inventory::default() };
        let files: Vec<&Entry> = entries.iter().map(|(_, e)| *e).collect();
        progress(0, total, files.first().map_or("", |e| &e.rel));
        decode_all(&files, &mut |finished, i, decoded| {
            let (service, entry) = &entries[i];
            inventory.add(service.clone(), entry, decoded);
            progress(finished, total, &entry.rel);
        });
        inventory.link_within();
        progress(total, total, "");
        inventory
    }

    /// Moves resources a profile keeps `within` another kind into their parent when the two
    /// are in different files (LocalStack 4.13's SNS: topics in the moto backend,
    /// subscriptions in the store).
    fn link_within(&mut self) {
        let mut moved = vec![false; self.resources.len()];
        for (i, moved_i) in moved.iter_mut().enumerate() {
            let r = &self.resources[i].resource;
            let (Some((parent_kind, link)), Some(node)) = (catalog::within_link(r), r.node) else {
                continue;
            };
            let parent = self.resources.iter().position(|p| {
                p.resource.service == r.service
                    && p.resource.kind == parent_kind
                    && p.resource.arn.as_deref() == Some(link.as_str())
            });
            let Some(p) = parent.filter(|p| *p != i) else { continue };
            let (kind, file) = (r.kind.clone(), self.resources[i].file);
            let part = catalog::linked_part(&kind, node);
            let collections = &mut self.resources[p].collections;
            match collections.iter_mut().find(|(f, c)| *f == file && c.kind == kind) {
                Some((_, c)) => c.add(1, part),
                None => collections.push((file, Collection { kind, count: 1, parts: vec![part] })),
            }
            *moved_i = true;
        }
        if moved.iter().any(|m| *m) {
            catalog::drop_flagged(&mut self.resources, &moved);
            self.index =
                self.resources.iter().enumerate().map(|(i, l)| (Key::of(&l.resource), i)).collect();
        }
    }

    /// Keeps one decoded file and merges its resources in.
    fn add(&mut self, service: String, entry: &Entry, decoded: Decoded) {
        let Decoded { doc, error, decode_ms } = decoded;
        let file = self.files.len();
        self.files.push(FileState {
            rel: entry.rel.clone(),
            path: entry.path.clone(),
            service: service.clone(),
            kind: entry.kind,
            size: entry.size,
            mtime: entry.mtime,
            doc,
            error,
            decode_ms,
        });
        let resources = match &self.files[file].doc {
            Some(doc) => doc.summary.resources.clone(),
            None => return,
        };
        for mut r in resources {
            // The layout's service id is LocalStack's (`resource-groups`, where moto's module
            // says `resourcegroups`).
            if !service.is_empty() {
                r.service.clone_from(&service);
            }
            // What a file of no service lists (a replay log's services) is no resource.
            if r.service.is_empty() {
                continue;
            }
            let key = Key::of(&r);
            match self.index.get(&key) {
                Some(&i) => self.resources[i].merge(file, r),
                None => {
                    self.index.insert(key, self.resources.len());
                    let collections = r.collections.iter().map(|c| (file, c.clone())).collect();
                    self.resources.push(Located {
                        resource: r,
                        file,
                        collections,
                        sources: vec![file],
                    });
                }
            }
        }
    }

    /// Up to `limit` items of nested collection `collection` of resource `resource`, after
    /// skipping `offset` of them.
    pub fn page(
        &mut self,
        resource: usize,
        collection: usize,
        offset: u64,
        limit: usize,
    ) -> Result<Vec<Resource>> {
        let Some(located) = self.resources.get(resource) else { return Ok(Vec::new()) };
        let Some((file, c)) = located.collections.get(collection).cloned() else {
            return Ok(Vec::new());
        };
        let parent = &located.resource;
        let builder = self
            .builders
            .entry((resource, collection))
            .or_insert_with(|| catalog::Builder::within(parent));
        match self.files.get_mut(file).and_then(|f| f.doc.as_mut()) {
            Some(doc) => builder.page(doc, parent, &c, offset, limit),
            None => Ok(Vec::new()),
        }
    }

    /// The first `limit` items of every nested collection, each with what `measure` makes of
    /// it and the tree that holds it: `[resource][collection]` (a page that cannot be read
    /// gives no items). Each file's document is read by one thread, files on every core, the
    /// busiest first; what the pages learn is kept for [`Inventory::page`].
    pub fn first_items<T: Send>(
        &mut self,
        limit: u64,
        measure: &(dyn Fn(Option<&Tree>, &Resource) -> T + Sync),
    ) -> Vec<Vec<Vec<(Resource, T)>>> {
        let mut wanted: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.files.len()];
        for (i, l) in self.resources.iter().enumerate() {
            for (c, (file, _)) in l.collections.iter().enumerate() {
                wanted[*file].push((i, c));
            }
        }
        let resources = &self.resources;
        let builders = &mut self.builders;
        let mut work: Vec<FilePages<'_>> = self
            .files
            .iter_mut()
            .zip(wanted)
            .filter(|(_, w)| !w.is_empty())
            .map(|(file, w)| {
                let pages = w
                    .into_iter()
                    .map(|(resource, collection)| {
                        let parent = &resources[resource].resource;
                        let builder = builders
                            .remove(&(resource, collection))
                            .unwrap_or_else(|| catalog::Builder::within(parent));
                        let count = resources[resource].collections[collection].1.count;
                        let want = count.min(limit) as usize;
                        FirstPage { resource, collection, want, builder }
                    })
                    .collect();
                FilePages { file, pages }
            })
            .collect();
        work.sort_by_key(|w| std::cmp::Reverse(w.pages.iter().map(|p| p.want).sum::<usize>()));
        let mut out: Vec<Vec<Vec<(Resource, T)>>> =
            resources.iter().map(|l| l.collections.iter().map(|_| Vec::new()).collect()).collect();
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(work.len());
        let queue = std::sync::Mutex::new(work.into_iter());
        let done = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        while let Some(w) = queue.lock().ok().and_then(|mut q| q.next()) {
                            done.extend(w.read(resources, measure));
                        }
                        done
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect::<Vec<_>>()
        });
        for (i, c, builder, items) in done {
            builders.insert((i, c), builder);
            out[i][c] = items;
        }
        out
    }

    /// The asset file holding the bytes of `r` (read from file `file`; `parent` for a nested
    /// one): an S3 object's body, a Lambda function's code.
    pub fn asset(&self, file: usize, r: &Resource, parent: Option<&Resource>) -> Option<&Asset> {
        if let Some(bucket) = parent.filter(|p| p.service == "s3" && p.kind == "bucket") {
            return self.assets.object_body(&bucket.name, r);
        }
        let tree = &self.files.get(file)?.doc.as_ref()?.tree;
        self.assets.code_of(tree, r.node?)
    }

    /// The resources grouped by service (in order of appearance), each with the nested
    /// collections of every file it is in (for counting: `9 queues · 21 messages`).
    pub fn by_service(&self) -> Vec<(String, Vec<Resource>)> {
        let mut out: Vec<(String, Vec<Resource>)> = Vec::new();
        for l in &self.resources {
            let mut r = l.resource.clone();
            r.collections = l.collections.iter().map(|(_, c)| c.clone()).collect();
            match out.iter_mut().find(|(s, _)| *s == r.service) {
                Some((_, v)) => v.push(r),
                None => out.push((r.service.clone(), vec![r])),
            }
        }
        out
    }

    /// Resources of service `service` (every service when `None`) and kind `kind`.
    pub fn select<'a>(
        &'a self,
        service: Option<&'a str>,
        kind: Option<&'a str>,
    ) -> impl Iterator<Item = (usize, &'a Located)> + 'a {
        self.resources.iter().enumerate().filter(move |(_, l)| {
            service.is_none_or(|s| l.resource.service == s)
                && kind.is_none_or(|k| l.resource.kind == k)
        })
    }
}

/// The first pages of one file's collections to read.
struct FilePages<'a> {
    file: &'a mut FileState,
    pages: Vec<FirstPage>,
}

/// The first page of one nested collection to read.
struct FirstPage {
    /// Index into [`Inventory::resources`].
    resource: usize,
    /// Index into that resource's collections.
    collection: usize,
    /// How many items.
    want: usize,
    /// Its builder (kept for the pages after it).
    builder: catalog::Builder,
}

/// A page read by [`FilePages::read`]: resource, collection, its builder, the measured items.
type ReadPage<T> = (usize, usize, catalog::Builder, Vec<(Resource, T)>);

impl FilePages<'_> {
    fn read<T>(
        self,
        resources: &[Located],
        measure: &(dyn Fn(Option<&Tree>, &Resource) -> T + Sync),
    ) -> Vec<ReadPage<T>> {
        let FilePages { file, pages } = self;
        let Some(doc) = file.doc.as_mut() else { return Vec::new() };
        pages
            .into_iter()
            .map(|FirstPage { resource: i, collection: c, want, mut builder }| {
                let (parent, coll) = (&resources[i].resource, &resources[i].collections[c].1);
                let items = builder.page(doc, parent, coll, 0, want).unwrap_or_default();
                let measured = items
                    .into_iter()
                    .map(|r| {
                        let m = measure(Some(&doc.tree), &r);
                        (r, m)
                    })
                    .collect();
                (i, c, builder, measured)
            })
            .collect()
    }
}

/// What makes two resources the same: service, kind, account, region and name.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key(String, String, Option<String>, Option<String>, String);

impl Key {
    fn of(r: &Resource) -> Key {
        Key(r.service.clone(), r.kind.clone(), r.account.clone(), r.region.clone(), r.name.clone())
    }
}
