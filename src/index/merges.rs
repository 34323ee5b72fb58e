//! Which segments the index writer merges: small ones, into segments of bounded size.
//!
//! A merge maps every file of its input segments and reads them whole. Every page it read
//! stayed in the process's resident memory until the merge ended, so the build's peak memory
//! followed its largest merge, and merges were kept to 512 MB: at 1M statements that left 14
//! segments, each of which every search visits. The build's directory now lets go of those
//! pages every 25 ms ([`super::release`]), so a full build merges up to 2 GiB: a 1M-statement
//! archive is four segments or so. An update keeps to 512 MiB, so its few new statements are
//! not merged into the build's large segments.
//!
//! Here a merge takes the smallest segments, up to the cap in index files in all, and a
//! segment three quarters that size or more is never merged again. The cap is in bytes, not
//! statements, because what a merge reads is its files: a corpus of long reports fills a
//! segment with fewer statements. tantivy's `LogMergePolicy` merged eight flushed segments at a
//! time, and then the merged ones again, level after level, with no bound.

use tantivy::index::{SegmentComponent, SegmentId, SegmentMeta};
use tantivy::indexer::{MergeCandidate, MergePolicy};
use tantivy::{Directory, HasLen};

/// Index bytes one merge of a full build may read and write into one segment: a merge of
/// 2 GiB takes about twenty seconds on one core, and leaves a 1M-statement archive (5.4 GB of
/// index) in four segments or so.
pub const BUILD_MERGED_BYTES: u64 = 2 << 30;

/// The same for an update, whose new statements make a small segment. With the build's cap,
/// merging it into a segment of the build's of up to 1.5 GiB was most of an update: a new
/// statement showed in search after 5 s at 100k, against 2 s with this cap.
pub const UPDATE_MERGED_BYTES: u64 = 512 << 20;

/// What a writer is writing, which sets how large its merges may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// A full build of a new generation: [`BUILD_MERGED_BYTES`].
    Build,
    /// An update of a derived generation: [`UPDATE_MERGED_BYTES`].
    Update,
}

/// Fewest segments worth merging while they hold under three quarters of the cap: a merge
/// rewrites its inputs, so merging whatever two segments there are would rewrite statements
/// again and again, and leave many half-full segments. Segments that fill three quarters of a
/// merged segment are merged however few they are.
const MIN_SEGMENTS: usize = 4;

/// A segment with more than this share of its statements deleted (by updates) is rewritten
/// without them, so deleted statements do not pile up (tantivy's default waits for all of it).
const MAX_DELETED_SHARE: f32 = 0.2;

/// The files a merge reads whole.
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Terms,
    SegmentComponent::Store,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// Merges the smallest segments into segments of at most the cap of what is written ([`Writing`]).
#[derive(Debug)]
pub struct BoundedMerges {
    /// Where the segments' files are, to weigh them.
    directory: Box<dyn Directory>,
    max_bytes: u64,
    min_segments: usize,
}

impl BoundedMerges {
    pub fn new(directory: Box<dyn Directory>, writing: Writing) -> BoundedMerges {
        BoundedMerges {
            directory,
            max_bytes: match writing {
                Writing::Build => BUILD_MERGED_BYTES,
                Writing::Update => UPDATE_MERGED_BYTES,
            },
            min_segments: MIN_SEGMENTS,
        }
    }

    /// The size of a segment's files (a file that cannot be opened weighs nothing).
    fn bytes(&self, segment: &SegmentMeta) -> u64 {
        COMPONENTS
            .into_iter()
            .filter_map(|component| {
                let path = segment.relative_path(component);
                self.directory.open_read(&path).ok()
            })
            .map(|file| file.len() as u64)
            .sum()
    }
}

fn deleted_share(segment: &SegmentMeta) -> f32 {
    if segment.max_doc() == 0 {
        return 0.0;
    }
    segment.num_deleted_docs() as f32 / segment.max_doc() as f32
}

impl BoundedMerges {
    /// The smallest segments grouped up to the cap, each group kept when `worth_it` says so
    /// (given its size and whether it holds a segment with many deletions).
    fn groups(
        &self,
        segments: &[SegmentMeta],
        worth_it: impl Fn(&[&SegmentMeta], u64) -> bool,
    ) -> Vec<MergeCandidate> {
        let full = self.full();
        // Full segments stay as they are, unless deletions have emptied them.
        let mut open: Vec<(&SegmentMeta, u64)> = segments
            .iter()
            .map(|s| (s, self.bytes(s)))
            .filter(|&(s, bytes)| bytes < full || too_many_deleted(s))
            .collect();
        open.sort_by_key(|&(_, bytes)| bytes);
        let mut res = Vec::new();
        let mut group: Vec<&SegmentMeta> = Vec::new();
        let mut group_bytes = 0u64;
        let mut close = |group: &mut Vec<&SegmentMeta>, bytes: u64| {
            if worth_it(group, bytes) {
                res.push(MergeCandidate(group.iter().map(|s| s.id()).collect()));
            }
            group.clear();
        };
        for (segment, bytes) in open {
            if !group.is_empty() && group_bytes + bytes > self.max_bytes {
                close(&mut group, group_bytes);
                group_bytes = 0;
            }
            group_bytes += bytes;
            group.push(segment);
        }
        close(&mut group, group_bytes);
        res
    }

    /// Three quarters of the cap: a segment this large is merged no more.
    fn full(&self) -> u64 {
        self.max_bytes / 4 * 3
    }

    /// The merges a finished build still has room for: the segments the policy left waiting
    /// for company (a build's last flushes), grouped up to the same cap, two or more at a time,
    /// and a segment with many deletions alone. Fewer segments make every search cheaper
    /// (measured at 100k: three segments searched 5–20% slower than one). Everything the policy
    /// would merge is among them, so the writer's last commit merges nothing by the policy: its
    /// merge would be merged again here.
    pub fn leftovers(&self, segments: &[SegmentMeta]) -> Vec<Vec<SegmentId>> {
        self.groups(segments, |group, _| {
            group.len() >= 2 || group.iter().any(|&s| too_many_deleted(s))
        })
        .into_iter()
        .map(|candidate| candidate.0)
        .collect()
    }
}

fn too_many_deleted(segment: &SegmentMeta) -> bool {
    deleted_share(segment) > MAX_DELETED_SHARE
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        self.groups(segments, |group, bytes| {
            group.len() >= self.min_segments
                || (group.len() >= 2 && bytes >= self.full())
                || group.iter().any(|&s| too_many_deleted(s))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::Index;
    use tantivy::directory::RamDirectory;

    /// Segments of `(bytes, deleted of 100 statements)`, each with a store file of that size,
    /// and the policy over them with a cap of 64 bytes.
    fn setup(sizes: &[(u64, u32)]) -> (Vec<SegmentMeta>, BoundedMerges) {
        let index = Index::create_in_ram(tantivy::schema::Schema::builder().build());
        let directory = RamDirectory::create();
        let metas = sizes
            .iter()
            .map(|&(bytes, deleted)| {
                let meta = index.new_segment_meta(SegmentId::generate_random(), 100);
                let path = meta.relative_path(SegmentComponent::Store);
                let len = usize::try_from(bytes).expect("small");
                directory
                    .atomic_write(&path, &vec![0u8; len])
                    .expect("write");
                if deleted == 0 {
                    meta
                } else {
                    meta.with_delete_meta(deleted, 0)
                }
            })
            .collect();
        let policy = BoundedMerges {
            directory: Box::new(directory),
            max_bytes: 64,
            min_segments: 4,
        };
        (metas, policy)
    }

    /// The sizes of the segments one merge takes, smallest first.
    fn weighed(metas: &[SegmentMeta], policy: &BoundedMerges, ids: &[SegmentId]) -> Vec<u64> {
        let mut bytes: Vec<u64> = ids
            .iter()
            .filter_map(|id| metas.iter().find(|m| m.id() == *id))
            .map(|m| policy.bytes(m))
            .collect();
        bytes.sort_unstable();
        bytes
    }

    /// The sizes of the segments of each merge the policy proposes.
    fn merges(sizes: &[(u64, u32)]) -> Vec<Vec<u64>> {
        let (metas, policy) = setup(sizes);
        policy
            .compute_merge_candidates(&metas)
            .iter()
            .map(|candidate| weighed(&metas, &policy, &candidate.0))
            .collect()
    }

    const NONE: Vec<Vec<u64>> = Vec::new();

    #[test]
    fn small_segments_merge_up_to_the_cap_and_never_past_it() {
        assert_eq!(
            merges(&[(14, 0); 9]),
            vec![vec![14, 14, 14, 14]; 2],
            "four flushes make 56 of 64; the ninth waits for company"
        );
    }

    #[test]
    fn fewer_segments_merge_when_they_fill_three_quarters_of_a_merged_one() {
        assert_eq!(
            merges(&[(20, 0); 3]),
            vec![vec![20, 20, 20]],
            "three of 20 fill 60 of 64"
        );
        assert_eq!(merges(&[(20, 0); 2]), NONE, "two of 20 wait for a third");
        assert_eq!(
            merges(&[(20, 0), (21, 0), (22, 0), (23, 0)]),
            vec![vec![20, 21, 22]],
            "the fourth would pass the cap"
        );
    }

    #[test]
    fn full_segments_are_not_merged_again() {
        assert_eq!(merges(&[(56, 0), (56, 0), (56, 0), (56, 0), (40, 0)]), NONE);
    }

    #[test]
    fn merged_segments_under_three_quarters_merge_again() {
        assert_eq!(merges(&[(30, 0), (32, 0)]), vec![vec![30, 32]]);
    }

    #[test]
    fn too_few_small_segments_wait() {
        assert_eq!(merges(&[(5, 0), (7, 0), (9, 0)]), NONE);
    }

    #[test]
    fn a_finished_build_merges_its_leftovers_in_pairs_and_more_within_the_cap() {
        let (metas, policy) = setup(&[(50, 0), (10, 0), (12, 0), (30, 0), (40, 0)]);
        let leftovers: Vec<Vec<u64>> = policy
            .leftovers(&metas)
            .iter()
            .map(|ids| weighed(&metas, &policy, ids))
            .collect();
        assert_eq!(
            leftovers,
            vec![vec![10, 12, 30]],
            "50 of 64 is full, and 40 has no partner within the cap"
        );
    }

    #[test]
    fn a_segment_with_many_deletions_is_rewritten_even_alone() {
        assert_eq!(merges(&[(80, 30), (60, 0)]), vec![vec![80]], "30% deleted");
        assert_eq!(merges(&[(80, 10)]), NONE, "10% deleted");
    }

    /// What the policy merges, the leftovers merge too: a writer's last commit can leave
    /// every merge to them.
    #[test]
    fn the_leftovers_hold_every_merge_the_policy_would_make() {
        let cases: [&[(u64, u32)]; 6] = [
            &[(14, 0); 9],
            &[(20, 0); 3],
            &[(30, 0), (32, 0)],
            &[(80, 30), (60, 0)],
            &[(56, 0), (5, 40), (3, 0)],
            &[(50, 0), (10, 0), (12, 0), (30, 0), (40, 0)],
        ];
        for sizes in cases {
            let (metas, policy) = setup(sizes);
            let leftovers = policy.leftovers(&metas);
            for candidate in policy.compute_merge_candidates(&metas) {
                assert!(
                    leftovers
                        .iter()
                        .any(|group| candidate.0.iter().all(|id| group.contains(id))),
                    "{sizes:?}: {:?} not among the leftovers",
                    weighed(&metas, &policy, &candidate.0)
                );
            }
        }
        let (metas, policy) = setup(&[(80, 30)]);
        assert_eq!(policy.leftovers(&metas).len(), 1, "30% deleted, alone");
    }
}
